"""A development checkout's .env: read only from a checkout, never in production or in the tests; the environment
wins over it; a line it cannot read is an error naming the file and the line."""

import os
import stat
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from vidan.config.envfile import default_database_url, dev_env_write, env_file_load, env_file_parse, env_file_path
from vidan.config.settings import PROJECT_DIR


@pytest.fixture
def checkout(tmp_path):
    """A directory laid out like the checkout: pyproject.toml beside where the code lives."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "vidan"\n')
    return tmp_path


def test_values_of_the_file_fill_in_what_the_environment_lacks(checkout):
    (checkout / ".env").write_text("DEBUG=1\nSECRET_KEY=from-the-file\n")
    environ = {"PATH": "/usr/bin"}

    read = env_file_load(checkout, environ)

    assert read == checkout / ".env"
    assert environ == {"PATH": "/usr/bin", "DEBUG": "1", "SECRET_KEY": "from-the-file"}


def test_the_environment_wins_and_a_variable_set_to_nothing_counts_as_not_set(checkout):
    (checkout / ".env").write_text("DEBUG=1\nSECRET_KEY=from-the-file\nDATABASE_URL=sqlite:////from/the/file\n")
    environ = {"DEBUG": "0", "SECRET_KEY": "", "DATABASE_URL": "postgres://vidan@/vidan"}

    env_file_load(checkout, environ)

    assert environ == {"DEBUG": "0", "SECRET_KEY": "from-the-file", "DATABASE_URL": "postgres://vidan@/vidan"}


def test_comments_blank_lines_and_quotes(tmp_path):
    text = (
        "\ufeff# written by make run\n"
        "\n"
        "   # an indented comment\n"
        "DEBUG = 1   # on for development\n"
        "EMPTY=\n"
        "DOUBLE=\"a value # with a hash and 'quotes'\"\n"
        "SINGLE='  kept as written  '  # after the quote\n"
        "URL=postgres://u:p#x@host/db\n"
        "DEBUG=0\r\n"
    )

    values = env_file_parse(text.removeprefix("\ufeff"), tmp_path / ".env")

    assert values == {
        "DEBUG": "0",  # the last one wins
        "EMPTY": "",
        "DOUBLE": "a value # with a hash and 'quotes'",
        "SINGLE": "  kept as written  ",
        "URL": "postgres://u:p#x@host/db",  # a # without a space before it is part of the value
    }


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("export SECRET_KEY=abc", "expected NAME=value"),
        ("SECRET_KEY", "expected NAME=value"),
        ("=abc", "expected NAME=value"),
        ("2FA=on", "expected NAME=value"),
        ('SECRET_KEY="abc', "not closed"),
        ("SECRET_KEY='abc' def", "after the closing quote"),
    ],
    ids=["export", "no-equals", "no-name", "bad-name", "unclosed-quote", "after-quote"],
)
def test_a_malformed_line_is_an_error_naming_the_file_and_the_line(checkout, line, reason):
    path = checkout / ".env"
    path.write_text(f"# development\nDEBUG=1\n{line}\n")
    environ = {}

    with pytest.raises(ImproperlyConfigured) as raised:
        env_file_load(checkout, environ)

    assert str(raised.value).startswith(f"{path}, line 3: ")
    assert reason in str(raised.value)
    assert "abc" not in str(raised.value)  # the line may hold a secret: it is not echoed
    assert environ == {}  # nothing half-read


def test_no_file_reads_nothing(checkout):
    environ = {"PATH": "/usr/bin"}

    assert env_file_load(checkout, environ) is None
    assert environ == {"PATH": "/usr/bin"}


def test_an_installed_package_reads_the_environment_only(tmp_path):
    # site-packages has no pyproject.toml beside the vidan package, whatever else lies there
    (tmp_path / ".env").write_text("DEBUG=1\n")
    environ = {}

    assert env_file_load(tmp_path, environ) is None
    assert environ == {}


def test_an_installed_package_refuses_vidan_env_file_rather_than_ignore_it(tmp_path):
    (tmp_path / "prod.env").write_text("DEBUG=1\n")

    with pytest.raises(ImproperlyConfigured, match="environment only"):
        env_file_load(tmp_path, {"VIDAN_ENV_FILE": str(tmp_path / "prod.env")})


def test_vidan_env_file_set_to_nothing_turns_the_file_off(checkout):
    (checkout / ".env").write_text("DEBUG=1\n")
    environ = {"VIDAN_ENV_FILE": ""}

    assert env_file_load(checkout, environ) is None
    assert environ == {"VIDAN_ENV_FILE": ""}


def test_vidan_env_file_names_another_file_which_must_be_there(checkout, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere") / "dev.env"
    other.write_text("DEBUG=1\n")
    (checkout / ".env").write_text("DEBUG=0\nSECRET_KEY=not-this-one\n")
    environ = {"VIDAN_ENV_FILE": str(other)}

    assert env_file_load(checkout, environ) == other
    assert environ == {"VIDAN_ENV_FILE": str(other), "DEBUG": "1"}

    with pytest.raises(ImproperlyConfigured, match=r"missing\.env, which is not a file"):
        env_file_path(checkout, {"VIDAN_ENV_FILE": str(checkout / "missing.env")})


def test_the_file_make_run_writes_is_written_once_for_its_owner_alone(checkout):
    path = checkout / ".env"

    assert dev_env_write(path) is True
    first = path.read_text()
    assert dev_env_write(path) is False

    assert path.read_text() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    values = env_file_parse(first, path)
    assert values["DEBUG"] == "1"
    assert len(values["SECRET_KEY"]) >= 50
    assert values["DATABASE_URL"] == default_database_url(checkout.resolve()) == f"sqlite:///{checkout}/vidan.sqlite3"
    assert dev_env_write(checkout / "second.env") is True
    assert env_file_parse((checkout / "second.env").read_text(), path)["SECRET_KEY"] != values["SECRET_KEY"]


def test_the_tests_never_read_the_checkouts_env():
    # even when the developer's .env is there, this process does not look at it
    assert os.environ["VIDAN_ENV_FILE"] == ""
    assert env_file_path(PROJECT_DIR, os.environ) is None


def test_the_test_settings_turn_off_even_a_named_env_file(tmp_path):
    env_file = tmp_path / "dev.env"
    env_file.write_text(f"DEBUG=1\nDATABASE_URL=sqlite:///{tmp_path}/from-the-file.sqlite3\nLOG_LEVEL=DEBUG\n")
    environ = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "VIDAN_ENV_FILE": str(env_file),
        "DJANGO_SETTINGS_MODULE": "vidan.config.settings_test",
    }
    script = "from django.conf import settings; print(settings.DEBUG, settings.DATABASE_URL, settings.LOGGING['root'])"

    done = subprocess.run(
        [sys.executable, "-c", script], env=environ, cwd=tmp_path, capture_output=True, text=True, check=True
    )

    assert done.stdout.split(" ", 1)[0] == "False"
    assert "from-the-file" not in done.stdout and "DEBUG'" not in done.stdout
