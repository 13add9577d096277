"""The Content-Security-Policy header, and the checks `vidan check --deploy` adds to Django's.

The pages load their script (htmx) and their style sheet from the site itself and carry no inline script, no
inline style and no event attribute, so the policy allows the site's own files and nothing else. The one
exception is the small style sheet htmx adds to the page for its request indicators, allowed by its hash (it
changes only with htmx's version: the browser tests fail on a page that breaks the policy). The API's
documentation page (Swagger UI, from the site's static files too) sets styles inline.
"""

from django.conf import settings
from django.core import checks

# htmx 2.0's indicator styles, as it inserts them into the page's head.
HTMX_INDICATOR_STYLE = "'sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk='"

DEFAULT_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' {HTMX_INDICATOR_STYLE}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Swagger UI builds its page with inline styles; it runs no inline script.
API_DOCS_PATH = "/api/docs"
API_DOCS_STYLE = "style-src 'self' 'unsafe-inline'"


def policy_for(path: str) -> str:
    policy = settings.CONTENT_SECURITY_POLICY
    if policy and path.startswith(API_DOCS_PATH):
        directives = [d.strip() for d in policy.split(";") if d.strip() and not d.strip().startswith("style-src")]
        policy = "; ".join([*directives, API_DOCS_STYLE])
    return policy


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = policy_for(request.path)
        if policy:
            header = (
                "Content-Security-Policy-Report-Only"
                if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
                else "Content-Security-Policy"
            )
            response.headers.setdefault(header, policy)
        return response


@checks.register(checks.Tags.security, deploy=True)
def check_https_behind_proxy(app_configs, **kwargs):
    """A proxy in front that terminates TLS, HTTPS enforced, and the proxy's word not trusted: every request
    looks like plain HTTP to the app, which redirects it to HTTPS, forever."""
    if settings.SECURE_SSL_REDIRECT and settings.VIDAN_PROXY_COUNT and not settings.SECURE_PROXY_SSL_HEADER:
        return [
            checks.Warning(
                "SECURE_SSL_REDIRECT is on behind a reverse proxy (VIDAN_PROXY_COUNT) whose X-Forwarded-Proto is "
                "not trusted: every request would be redirected to itself.",
                hint="Set SECURE_PROXY_SSL=1 when the proxy sets X-Forwarded-Proto itself.",
                id="vidan.W001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_content_security_policy(app_configs, **kwargs):
    if not settings.CONTENT_SECURITY_POLICY:
        return [
            checks.Warning(
                "CONTENT_SECURITY_POLICY is empty: pages are sent without a Content-Security-Policy.",
                hint="Leave CONTENT_SECURITY_POLICY unset for the default policy.",
                id="vidan.W002",
            )
        ]
    return []
