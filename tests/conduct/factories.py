"""Factories for office culture: versions of the code of conduct, made through the services."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from vidan.conduct.models import CodeVersion
from vidan.conduct.services import code_version_create, code_version_publish
from vidan.core.uploads import upload_check
from vidan.org.actors import Actor

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# A Windows program renamed to look like the signed decision.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
SYSTEM = Actor.system("test")


def pdf_upload(name: str = "quyet-dinh.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def jpeg_bytes(size=(600, 900), colour=(180, 120, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


def make_version(
    commune,
    *,
    number: str = "45/QĐ-UBND",
    signed_on: date = date(2026, 1, 5),
    effective_on: date = date(2026, 1, 15),
    title: str = "Quy tắc ứng xử của cán bộ, công chức UBND xã",
    text: str = "Điều 1. Cán bộ đeo thẻ khi làm việc.\nĐiều 2. Không gây phiền hà cho Nhân dân.",
    published: bool = True,
    actor: Actor = SYSTEM,
) -> CodeVersion:
    version = code_version_create(
        actor=actor,
        commune=commune,
        decision_number=number,
        signed_on=signed_on,
        effective_on=effective_on,
        title=title,
        text=text,
        checked=upload_check(pdf_upload()),
    )
    if published:
        version = code_version_publish(actor=actor, version=version)
    return version
