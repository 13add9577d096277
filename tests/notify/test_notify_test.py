"""`vidan notify test` against a real HTTP gateway on this machine, and production refusing senders that reach no
citizen."""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command


@pytest.fixture
def gateway():
    """An SMS gateway on a free port of the loopback: it records each request and answers `gateway.answer`."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append({"headers": dict(self.headers), "body": json.loads(self.rfile.read(length))})
            status, body = server.answer
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.answer = (200, '{"status": "queued", "id": "msg-81"}')
    server.received = received
    server.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def http_sender(settings, gateway):
    settings.VIDAN_SMS_SENDER = "http"
    settings.VIDAN_SMS_GATEWAY_URL = gateway.url
    settings.VIDAN_SMS_GATEWAY_TOKEN = "gateway-token-of-the-commune"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return gateway


def test_one_sms_and_one_email_go_out_and_the_gateways_answer_is_shown(http_sender, db):
    out = StringIO()

    call_command("notify", "test", "--phone", "0912 345 678", "--email", "it@thuanhoa.example.gov.vn", stdout=out)

    (request,) = http_sender.received
    assert request["headers"]["Authorization"] == "Bearer gateway-token-of-the-commune"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["body"]["to"] == "0912345678"
    assert request["body"]["text"].startswith("Vì Dân")
    assert 'HTTP 200: {"status": "queued", "id": "msg-81"}' in out.getvalue()
    assert "0912345678" in out.getvalue()
    (message,) = mail.outbox
    assert message.to == ["it@thuanhoa.example.gov.vn"]
    assert "it@thuanhoa.example.gov.vn" in out.getvalue()


def test_a_refusal_of_the_gateway_is_reported_with_its_answer_and_the_command_fails(http_sender, db):
    http_sender.answer = (401, '{"error": "invalid token"}')
    err = StringIO()

    with pytest.raises(CommandError, match="1"):
        call_command("notify", "test", "--phone", "0912345678", "--email", "it@example.gov.vn", stderr=err)

    assert 'HTTP 401: {"error": "invalid token"}' in err.getvalue()
    assert len(http_sender.received) == 1
    assert len(mail.outbox) == 1  # the e-mail still went


def test_a_gateway_that_is_not_there_is_reported(settings, db):
    settings.VIDAN_SMS_SENDER = "http"
    settings.VIDAN_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # the discard port: nothing listens
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("notify", "test", "--phone", "0912345678", stderr=err)

    assert "0912345678" in err.getvalue()
    assert "refused" in err.getvalue().lower()


def test_nothing_to_send_to_or_a_wrong_number_is_a_clear_error(http_sender, db):
    with pytest.raises(CommandError, match="--phone"):
        call_command("notify", "test")
    with pytest.raises(CommandError, match="abc"):
        call_command("notify", "test", "--phone", "abc")

    assert http_sender.received == []


def _production_settings(tmp_path, **extra: str) -> subprocess.CompletedProcess:
    environ = {
        "PATH": os.environ["PATH"],
        "VIDAN_ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "VIDAN_AUDIT_KEY": "k" * 32,
        "VIDAN_AUDIT_HEAD_FILE": str(tmp_path / "head"),
        "VIDAN_DATA_DIR": str(tmp_path / "data"),
        **extra,
    }
    code = "from django.conf import settings; print(settings.VIDAN_SMS_SENDER)"
    environ["DJANGO_SETTINGS_MODULE"] = "vidan.config.settings"
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, cwd=tmp_path)


@pytest.mark.parametrize(
    ("extra", "refusal"),
    [
        ({}, "VIDAN_SMS_SENDER must be set"),
        ({"VIDAN_SMS_SENDER": "file"}, "VIDAN_SMS_SENDER=file"),
        ({"VIDAN_SMS_SENDER": "http"}, "needs VIDAN_SMS_GATEWAY_URL"),
        ({"VIDAN_SMS_SENDER": "carrier-pigeon"}, "must be one of console, file, http"),
    ],
    ids=["unset", "file", "http-without-url", "unknown"],
)
def test_production_refuses_to_start_with_a_sender_that_reaches_no_citizen(tmp_path, extra, refusal):
    done = _production_settings(tmp_path, **extra)

    assert done.returncode != 0
    assert refusal in done.stderr


@pytest.mark.parametrize(
    "extra",
    [{"VIDAN_SMS_SENDER": "console"}, {"VIDAN_SMS_SENDER": "http", "VIDAN_SMS_GATEWAY_URL": "https://sms.example/api"}],
    ids=["console-on-purpose", "http"],
)
def test_production_starts_with_the_gateway_or_the_console_chosen_on_purpose(tmp_path, extra):
    done = _production_settings(tmp_path, **extra)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == extra["VIDAN_SMS_SENDER"]
