"""The model's files: stored in the data directory's private storage with the checksum their row states, and
removed again when the change they came with is refused."""

import hashlib
from datetime import date

import pytest
from django.conf import settings

from tests.factories import SYSTEM
from tests.model.factories import checked_pdf, make_framework, make_launch
from vidan.core.errors import Conflict
from vidan.model.launch import Attendee, launch_record
from vidan.model.models import ModelFile

pytestmark = pytest.mark.django_db


def _stored(root):
    folder = root / "model"
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def test_a_refused_launch_leaves_no_file_behind(commune):
    make_framework(commune)
    launch = make_launch(commune, held_on=date(2025, 3, 20))
    root = settings.VIDAN_DATA_DIR / "private"
    before = _stored(root)
    with pytest.raises(Conflict):
        launch_record(
            actor=SYSTEM,
            commune=commune,
            held_on=date(2025, 3, 21),
            attendees=[Attendee(position="Chủ tịch UBND xã", organisation="UBND xã")],
            documents=[checked_pdf("lan-hai.pdf")],
        )
    assert _stored(root) == before
    assert not ModelFile.objects.exists()
    assert launch.files.count() == 0


def test_a_stored_file_has_the_checksum_its_row_states(commune):
    make_framework(commune)
    launch = launch_record(
        actor=SYSTEM,
        commune=commune,
        held_on=date(2025, 3, 20),
        attendees=[Attendee(position="Chủ tịch UBND xã", organisation="UBND xã")],
        documents=[checked_pdf("ke-hoach.pdf")],
    )
    row = launch.files.get()
    content = (settings.VIDAN_DATA_DIR / "private" / row.file.name).read_bytes()
    assert hashlib.sha256(content).hexdigest() == row.sha256 and len(content) == row.size
    assert row.file.name.startswith(f"model/{commune.pk}/") and row.file.name.endswith(".pdf")
    assert "ke-hoach" not in row.file.name and row.download_name == "ke-hoach.pdf"
