"""The kiosk: a tablet at the desk on which citizens rate with one tap, registered by a staff member (its
browser keeps the device's key in a cookie), thanking for a few seconds after each rating and then ready again."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from vidan.core.errors import FieldsRefused
from vidan.ratings.services import Throttled, kiosk_by_key, kiosk_rate
from vidan.ratings.views.public import levels

KIOSK_COOKIE = "vidan_kiosk"
KIOSK_COOKIE_AGE = 5 * 365 * 24 * 3600


def _device(request):
    return kiosk_by_key(request.COOKIES.get(KIOSK_COOKIE, ""))


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request):
    device = _device(request)
    if device is None:
        return render(request, "ratings/kiosk_unknown.html", status=403)
    context = {"device": device, "commune": device.commune, "levels": levels()}
    if request.method == "POST":
        try:
            kiosk_rate(device=device, level=request.POST.get("level", ""))
        except Throttled as throttled:
            context["error"] = throttled.message
            response = render(request, "ratings/kiosk.html", context, status=429)
            response["Refresh"] = f"{settings.VIDAN_KIOSK_RESET_SECONDS}; url={reverse('ratings:kiosk')}"
            return response
        except FieldsRefused as refused:
            context["error"] = refused.message
            return render(request, "ratings/kiosk.html", context, status=400)
        return redirect("ratings:kiosk-thanks")
    return render(request, "ratings/kiosk.html", context)


@never_cache
def kiosk_thanks(request):
    device = _device(request)
    if device is None:
        return render(request, "ratings/kiosk_unknown.html", status=403)
    seconds = settings.VIDAN_KIOSK_RESET_SECONDS
    response = render(request, "ratings/kiosk_thanks.html", {"device": device, "reset_seconds": seconds})
    # Back to the buttons after a few seconds, without JavaScript: the Refresh header every browser follows.
    response["Refresh"] = f"{seconds}; url={reverse('ratings:kiosk')}"
    return response
