"""The ratings in the back office: the commune's, for its leaders (filters, counts per level, per officer, per
procedure, the newest ratings with their comments, never who gave them); an officer's own aggregates; the
kiosks of the desk."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from vidan.core.collation import vi_sort_key
from vidan.core.days import DayField
from vidan.core.errors import FieldsRefused, NotFound
from vidan.org.gate import staff_page
from vidan.org.models import Staff
from vidan.ratings.models import KioskDevice, Rating, RatingChannel, RatingLevel
from vidan.ratings.selectors import commune_ratings, officer_ratings
from vidan.ratings.services import kiosk_register, kiosk_revoke
from vidan.ratings.views.kiosk import KIOSK_COOKIE, KIOSK_COOKIE_AGE

ANY = [("", gettext_lazy("Any"))]


def quarter_start(day):
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


class PeriodForm(forms.Form):
    tu = DayField(label=gettext_lazy("From"), error_messages={"required": gettext_lazy("Enter the first day.")})
    den = DayField(label=gettext_lazy("To"), error_messages={"required": gettext_lazy("Enter the last day.")})

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            raise forms.ValidationError(gettext_lazy("The start date is after the end date."))
        return data


class FilterForm(PeriodForm):
    muc = forms.ChoiceField(label=gettext_lazy("Level"), required=False, choices=ANY + RatingLevel.choices)
    can_bo = forms.ChoiceField(label=gettext_lazy("Officer"), required=False)
    thu_tuc = forms.ChoiceField(label=gettext_lazy("Procedure"), required=False)
    kenh = forms.ChoiceField(label=gettext_lazy("Rating channel"), required=False, choices=ANY + RatingChannel.choices)

    def __init__(self, data, *, commune):
        super().__init__(data)
        officers = sorted(
            Staff.objects.filter(commune=commune).values_list("pk", "full_name"), key=lambda o: vi_sort_key(o[1])
        )
        self.fields["can_bo"].choices = ANY + [(str(pk), name) for pk, name in officers]
        procedures = sorted(
            set(
                Rating.objects.filter(commune=commune)
                .exclude(service_code="")
                .order_by()
                .values_list("service_code", "service_name")
                .distinct()
            ),
            key=lambda p: vi_sort_key(p[1]),
        )
        self.fields["thu_tuc"].choices = ANY + list(procedures)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Choose from the list.")


def _bound(form_class, request, **kwargs):
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("tu", quarter_start(today).isoformat())
    data.setdefault("den", today.isoformat())
    return form_class(data, **kwargs)


@require_http_methods(["GET"])
@staff_page("rating.view_all")
def commune_page(request):
    form = _bound(FilterForm, request, commune=request.commune)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = commune_ratings(
            request.commune,
            date_from=data["tu"],
            date_to=data["den"],
            level=data["muc"],
            staff_id=int(data["can_bo"]) if data["can_bo"] else None,
            service_code=data["thu_tuc"],
            channel=data["kenh"],
        )
    return render(
        request, "ratings/staff/commune.html", {"form": form, "result": result}, status=200 if result else 400
    )


@require_http_methods(["GET"])
@staff_page("rating.view_own")
def mine(request):
    form = _bound(PeriodForm, request)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = officer_ratings(request.user, request.commune, date_from=data["tu"], date_to=data["den"])
    return render(request, "ratings/staff/mine.html", {"form": form, "result": result}, status=200 if result else 400)


class KioskForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the kiosk"), max_length=200)
    staff = forms.ChoiceField(
        label=gettext_lazy("Officer at the counter"),
        required=False,
        help_text=gettext_lazy("The kiosk rates this officer; leave empty to rate the desk's service."),
    )

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        officers = sorted(
            Staff.objects.filter(commune=commune, is_active=True).values_list("pk", "full_name"),
            key=lambda o: vi_sort_key(o[1]),
        )
        self.fields["staff"].choices = [("", _("The desk's service"))] + [(str(pk), n) for pk, n in officers]
        self.fields["staff"].error_messages["invalid_choice"] = _("Choose an active officer of this commune.")
        self.fields["name"].error_messages["required"] = _("Give the kiosk a name, e.g. “Counter 1”.")


@require_http_methods(["GET", "POST"])
@staff_page("rating.kiosk")
def kiosks(request):
    """The commune's kiosks; registering this browser as one (it then opens the kiosk page)."""
    form = KioskForm(request.POST or None, commune=request.commune)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _device, key = kiosk_register(
                    actor=request.actor,
                    commune=request.commune,
                    name=form.cleaned_data["name"],
                    staff_id=form.cleaned_data["staff"] or None,
                )
            except FieldsRefused as refused:
                for field, errors in refused.fields.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                response = redirect("ratings:kiosk")
                response.set_cookie(
                    KIOSK_COOKIE,
                    key,
                    max_age=KIOSK_COOKIE_AGE,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
                return response
        status = 400
    devices = list(
        KioskDevice.objects.filter(commune=request.commune)
        .select_related("staff", "registered_by")
        .order_by("revoked_at", "-registered_at")
    )
    return render(request, "ratings/staff/kiosks.html", {"form": form, "devices": devices}, status=status)


@require_POST
@staff_page("rating.kiosk")
def kiosk_switch_off(request, device_id: int):
    device = KioskDevice.objects.filter(pk=device_id, commune=request.commune).first()
    if device is None:
        raise NotFound()
    kiosk_revoke(actor=request.actor, device=device)
    messages.success(request, _("The kiosk “%(name)s” is switched off.") % {"name": device.name})
    return redirect("ratings:kiosks")
