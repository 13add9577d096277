"""Who delivers messages. E-mail goes through Django's mail backend (EMAIL_* settings); SMS through the
sender named by VIDAN_SMS_SENDER: "console" (print), "file" (append to VIDAN_SMS_FILE), or "http" (POST JSON
to VIDAN_SMS_GATEWAY_URL with a bearer token — the shape most Vietnamese SMS brandname gateways accept)."""

import json
import sys
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail


class SendFailed(Exception):
    pass


def send_email(*, recipient: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False)
    except Exception as error:  # SMTP, DNS, TLS…: all mean "try again later"
        raise SendFailed(str(error)[:300]) from error


def send_sms(*, recipient: str, body: str) -> None:
    kind = settings.VIDAN_SMS_SENDER
    if kind == "console":
        sys.stdout.write(f"[SMS → {recipient}] {body}\n")
    elif kind == "file":
        with Path(settings.VIDAN_SMS_FILE).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"to": recipient, "text": body}, ensure_ascii=False) + "\n")
    elif kind == "http":
        request = urllib.request.Request(  # noqa: S310 (the operator's own gateway URL)
            settings.VIDAN_SMS_GATEWAY_URL,
            data=json.dumps({"to": recipient, "text": body}, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.VIDAN_SMS_GATEWAY_TOKEN}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if response.status >= 300:
                    raise SendFailed(f"gateway answered {response.status}")
        except OSError as error:
            raise SendFailed(str(error)[:300]) from error
    else:
        raise SendFailed(f"unknown SMS sender {kind!r}")
