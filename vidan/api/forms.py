"""The form of the API tokens' page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vidan.api.models import ApiToken


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"), max_length=80, help_text=_("For example: the commune's reporting script.")
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("A read-only token can read data but never change it: choose it when that is enough."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limits are the deployment's settings, read when the form is made.
        most = settings.VIDAN_API_TOKEN_MAX_DAYS
        self.fields["days"] = forms.IntegerField(
            label=_("Valid for (days)"),
            min_value=1,
            max_value=most,
            initial=settings.VIDAN_API_TOKEN_DAYS,
            help_text=_("At most %(max)d days; the token is refused from then on.") % {"max": most},
        )
