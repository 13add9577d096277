"""Who a dossier is for: the applicant's particulars, cleaned and checked one way for every door a dossier comes
in by — the desk's receipt (page and API) and the citizen's online submission.

Pure: text in, an `Applicant` out, or one refusal naming every field at fault, under the names the forms and
the API's request bodies give them. The services call it whatever their caller did before; the forms and the
API call it too, only so that its messages stand beside their own (a file refused, a procedure not found).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from vidan.core.errors import FieldsRefused
from vidan.core.text import clean_text, fold
from vidan.onestop.models import Channel, ResultDelivery

# 10 digits from 0 (a mobile, 0912 345 678), or 11 from 02 (a landline with its area code, 0232 3824 123).
PHONE = re.compile(r"^(?:0[1-9]\d{8}|02\d{9})$")
# The longest text each field takes, as typed (the phone before it is made compact).
NAME_MAX, PHONE_MAX, EMAIL_MAX, ADDRESS_MAX = 120, 24, 254, 255


def phone_normalise(text: str) -> str:
    """ "0912 345 678", "0912.345.678", "+84 912 345 678", "+84 (0) 912 345 678" → "0912345678"; raises
    ValueError if not a Vietnamese phone number."""
    compact = re.sub(r"[\s.\-()]", "", text or "")
    if compact.startswith("+84"):
        rest = compact[3:]
        compact = rest if rest.startswith("0") else "0" + rest
    if not PHONE.match(compact):
        raise ValueError(text)
    return compact


@dataclass(frozen=True)
class Applicant:
    """The applicant's particulars as a dossier stores them: composed Unicode, single spaces, a compact phone."""

    name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    result_delivery: str = ResultDelivery.DESK

    def columns(self) -> dict:
        """The dossier's fields that hold them."""
        return {
            "applicant_name": self.name,
            "applicant_name_folded": fold(self.name),
            "applicant_phone": self.phone,
            "applicant_email": self.email,
            "applicant_address": self.address,
            "result_delivery": self.result_delivery,
        }


def applicant_clean(
    *,
    channel: str,
    name: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    result_delivery: str = ResultDelivery.DESK,
) -> Applicant:
    """The particulars as typed, cleaned; raises FieldsRefused with every field at fault.

    Every dossier needs the applicant's name. Online (`Channel.ONLINE`) the citizen also gives an address, and
    a phone number or an e-mail address for the notices, since no officer has seen them. A result sent by post
    goes to the applicant's address, which it then needs."""
    errors: dict[str, list[str]] = {}

    name = clean_text(name)
    if not name:
        errors["applicant_name"] = [_("Enter the applicant's full name.")]
    elif len(name) > NAME_MAX:
        errors["applicant_name"] = [
            _("The name is too long (at most %(limit_value)d characters).") % {"limit_value": NAME_MAX}
        ]

    phone = (phone or "").strip()
    if len(phone) > PHONE_MAX:
        errors["applicant_phone"] = [_("The phone number is too long.")]
    elif phone:
        try:
            phone = phone_normalise(phone)
        except ValueError:
            errors["applicant_phone"] = [
                _(
                    "Enter a Vietnamese phone number: 10 digits starting with 0 (11 for a landline), "
                    "for example 0912 345 678."
                )
            ]

    email = (email or "").strip()
    if email:
        try:
            if len(email) > EMAIL_MAX:
                raise ValidationError(email)
            validate_email(email)
        except ValidationError:
            errors["applicant_email"] = [_("Enter a valid e-mail address, for example ten@example.com.")]

    address = clean_text(address)
    if len(address) > ADDRESS_MAX:
        errors["applicant_address"] = [
            _("The address is too long (at most %(limit_value)d characters).") % {"limit_value": ADDRESS_MAX}
        ]

    if channel == Channel.ONLINE:
        if not address and "applicant_address" not in errors:
            errors["applicant_address"] = [_("Enter your address.")]
        reachable = (phone and "applicant_phone" not in errors) or (email and "applicant_email" not in errors)
        if not reachable and "applicant_phone" not in errors:
            errors["applicant_phone"] = [
                _("Give a phone number or an e-mail address, so the desk can tell you how your dossier goes.")
            ]

    result_delivery = result_delivery or ResultDelivery.DESK
    if result_delivery not in ResultDelivery.values:
        errors["result_delivery"] = [_("Choose where the result is received: at the desk or by post.")]
    elif result_delivery == ResultDelivery.POST and not address and "applicant_address" not in errors:
        errors["applicant_address"] = [_("Enter the address the post office will deliver the result to.")]

    if errors:
        raise FieldsRefused(errors)
    return Applicant(name=name, phone=phone, email=email, address=address, result_delivery=result_delivery)
