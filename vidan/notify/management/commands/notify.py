"""vidan notify test --phone N --email E — send one SMS and one e-mail now, and say what the gateway answered.

For the administrator who has just set VIDAN_SMS_* and EMAIL_*: the messages go straight to the senders, not
through the outbox, so the answer (or the error) is printed at once and nothing is left to deliver or retry.
"""

import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vidan.notify.senders import SendFailed, send_email, send_sms

PHONE = re.compile(r"\+?[0-9]{9,15}")


class Command(BaseCommand):
    help = "Send a test SMS and a test e-mail now, and print what the SMS gateway and the mail server answered."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        test = sub.add_parser("test", help="Send one SMS and one e-mail (either may be left out).")
        test.add_argument("--phone", default="", help="the phone number the test SMS goes to")
        test.add_argument("--email", default="", help="the address the test e-mail goes to")

    def handle(self, *args, action, phone: str, email: str, **options):
        phone = re.sub(r"[\s.\-()]", "", phone)
        if not phone and not email:
            raise CommandError(_("Give --phone, --email or both: where the test messages go."))
        if phone and not PHONE.fullmatch(phone):
            raise CommandError(_("%(phone)s is not a phone number.") % {"phone": phone})
        failed = 0
        text = _("Vì Dân: a test message from the administrator. No answer is needed.")
        if phone:
            try:
                answer = send_sms(recipient=phone, body=text)
            except SendFailed as error:
                failed += 1
                self.stderr.write(
                    _("SMS to %(phone)s (sender %(sender)s) failed: %(error)s")
                    % {"phone": phone, "sender": settings.VIDAN_SMS_SENDER, "error": error}
                )
            else:
                self.stdout.write(
                    _("SMS to %(phone)s (sender %(sender)s): accepted, answer: %(answer)s")
                    % {"phone": phone, "sender": settings.VIDAN_SMS_SENDER, "answer": answer}
                )
        if email:
            try:
                send_email(recipient=email, subject=_("Vì Dân: test e-mail"), body=text)
            except SendFailed as error:
                failed += 1
                self.stderr.write(_("E-mail to %(email)s failed: %(error)s") % {"email": email, "error": error})
            else:
                self.stdout.write(
                    _("E-mail to %(email)s: accepted by %(backend)s") % {"email": email, "backend": _mail_server()}
                )
        if failed:
            raise CommandError(_("%(count)d test message(s) could not be sent.") % {"count": failed})


def _mail_server() -> str:
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]  # "smtp", "console", "locmem", "filebased"…
    return f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}" if backend == "smtp" else backend
