"""deploy/systemd/ and deploy/nginx-vidan.conf, the files docs/operations.md tells an administrator to copy: the same
as the ones the page prints, read without error by systemd and by nginx."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vidan.config.settings import PROJECT_DIR

DEPLOY = PROJECT_DIR / "deploy"
OPERATIONS = PROJECT_DIR / "docs" / "operations.md"
UNIT_BLOCK = re.compile(r"`/etc/systemd/system/([\w.-]+)`:\s*\n\s*\n```ini\n(.*?)```", re.S)


def units_in_the_docs() -> dict[str, str]:
    return dict(UNIT_BLOCK.findall(OPERATIONS.read_text(encoding="utf-8")))


def test_every_unit_file_is_the_one_the_docs_print():
    printed = units_in_the_docs()
    shipped = {path.name: path.read_text(encoding="utf-8") for path in (DEPLOY / "systemd").iterdir()}

    assert set(printed) == set(shipped)
    assert printed == shipped
    # what step 6 enables: the three services and timers, and what each timer starts
    assert {"vidan.service", "vidan-deliver.service", "vidan-tick.timer", "vidan-backup.timer"} <= set(shipped)
    assert {"vidan-audit-verify.timer", "vidan-audit-verify.service"} <= set(shipped)


def test_the_nginx_file_is_the_server_block_the_docs_print():
    printed = re.findall(r"```nginx\n(.*?)```", OPERATIONS.read_text(encoding="utf-8"), re.S)

    assert printed == [(DEPLOY / "nginx-vidan.conf").read_text(encoding="utf-8")]


def here(text: str, root: Path) -> str:
    """A unit or server block with /srv/vidan's programs and files found on this machine instead."""
    venv_bin = Path(sys.executable).parent
    return text.replace("/srv/vidan/venv/bin/", f"{venv_bin}/").replace("/srv/vidan", str(root))


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_reads_every_unit_without_a_complaint(tmp_path):
    (tmp_path / "env").write_text((DEPLOY / "vidan.env.example").read_text(encoding="utf-8"))
    units = tmp_path / "units"
    units.mkdir()
    for path in (DEPLOY / "systemd").iterdir():
        (units / path.name).write_text(here(path.read_text(encoding="utf-8"), tmp_path))

    done = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(path) for path in units.iterdir())],
        capture_output=True,
        text=True,
        cwd=units,
    )

    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr


@pytest.mark.skipif(
    not (Path("/usr/sbin/nginx").exists() and shutil.which("openssl")), reason="nginx or openssl is not installed"
)
def test_nginx_accepts_the_server_block(tmp_path):
    ssl = tmp_path / "ssl"
    ssl.mkdir()
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=thuanhoa.example.gov.vn",
            "-keyout", str(ssl / "privkey.pem"), "-out", str(ssl / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = here((DEPLOY / "nginx-vidan.conf").read_text(encoding="utf-8"), tmp_path)
    server = server.replace("/etc/ssl/vidan", str(ssl))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path}/body;\n{server}\n}}\n"
    )

    done = subprocess.run(
        ["/usr/sbin/nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
        capture_output=True,
        text=True,
    )

    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
