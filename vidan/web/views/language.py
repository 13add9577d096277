"""The language switcher's target: Django's set_language, without the CSRF check.

Choosing a language changes nothing but a cookie on the visitor's own browser, so the switcher's form carries
no CSRF token and no `next` field: the header that holds it is then the same for everyone who reads the site in
one language, and is cached. Django's view sends the visitor back to the page they came from by the Referer
(same-site requests carry it: SECURE_REFERRER_POLICY is "same-origin"), only if it is on this site, else home.
"""

from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

language_set = csrf_exempt(set_language)
