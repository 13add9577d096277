"""Who delivers messages. E-mail goes through Django's mail backend (EMAIL_* settings); SMS through the
sender named by VIDAN_SMS_SENDER: "console" (print), "file" (append to VIDAN_SMS_FILE), or "http" (POST JSON
to VIDAN_SMS_GATEWAY_URL with a bearer token — the shape most Vietnamese SMS brandname gateways accept).

The HTTP gateway receives, for each message:

    POST <VIDAN_SMS_GATEWAY_URL>
    Content-Type: application/json
    Authorization: Bearer <VIDAN_SMS_GATEWAY_TOKEN>

    {"to": "0912345678", "text": "UBND xã …: hồ sơ … đã có kết quả"}

(UTF-8, Vietnamese with its diacritics). Any 2xx status is "sent", whatever the body; any other status, no
answer within 10 seconds or a refused connection is a failure, and the outbox tries the message again later.
Production refuses the console and file senders unless VIDAN_SMS_SENDER=console is set (vidan/config/settings.py).
"""

import json
import sys
import urllib.error
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


GATEWAY_TIMEOUT = 10  # seconds
ANSWER_SHOWN = 300  # characters of the gateway's answer kept (in an error, or shown by `vidan notify test`)


def send_sms(*, recipient: str, body: str) -> str:
    """Send one SMS; return what the sender answered ("HTTP 200: <body>" for the gateway). Raises SendFailed."""
    kind = settings.VIDAN_SMS_SENDER
    if kind == "console":
        sys.stdout.write(f"[SMS → {recipient}] {body}\n")
        return "console"
    elif kind == "file":
        with Path(settings.VIDAN_SMS_FILE).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"to": recipient, "text": body}, ensure_ascii=False) + "\n")
        return f"file {settings.VIDAN_SMS_FILE}"
    elif kind == "http":
        request = urllib.request.Request(  # noqa: S310 (the operator's own gateway URL)
            settings.VIDAN_SMS_GATEWAY_URL,
            data=json.dumps({"to": recipient, "text": body}, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.VIDAN_SMS_GATEWAY_TOKEN}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=GATEWAY_TIMEOUT) as response:  # noqa: S310
                answer = _answer(response.status, response.read())
                if response.status >= 300:
                    raise SendFailed(f"gateway answered {answer}")
                return answer
        except urllib.error.HTTPError as error:
            raise SendFailed(f"gateway answered {_answer(error.code, error.read())}") from error
        except OSError as error:
            raise SendFailed(str(error)[:ANSWER_SHOWN]) from error
    else:
        raise SendFailed(f"unknown SMS sender {kind!r}")


def _answer(status: int, body: bytes) -> str:
    text = body.decode("utf-8", errors="replace").strip()[:ANSWER_SHOWN]
    return f"HTTP {status}: {text}" if text else f"HTTP {status}"
