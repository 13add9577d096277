"""What a citizen may upload (with an online dossier, and with whatever a later module takes from them): PDF,
JPEG or PNG, judged by the content and never by the file's name, each under a size limit and all of a
submission under another. Below every module, so that each checks files the same way.

A file is read once: its first bytes name the type, then the whole of it is parsed far enough to show it is
what it claims (a PDF ends with its end-of-file marker; an image decodes its header and chunks), and its
SHA-256 is kept with it. Officers download it under a name ending with the extension of that type, never the
one the citizen's name gave it.
"""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from vidan.core.errors import DomainError

KINDS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
# A file is what its first bytes say. (PDF readers tolerate bytes before "%PDF-"; this does not, so a program
# or a web page with "%PDF-" somewhere in its first kilobyte cannot pass for a PDF.)
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
# What a refused file turned out to be, to tell the citizen plainly.
_KNOWN_OTHERS = (
    (b"MZ", gettext_lazy("a Windows program")),
    (b"\x7fELF", gettext_lazy("a program")),
    (b"PK\x03\x04", gettext_lazy("a ZIP archive or an Office document")),
    (b"\xd0\xcf\x11\xe0", gettext_lazy("an old Office document")),
    (b"Rar!", gettext_lazy("a RAR archive")),
    (b"GIF8", gettext_lazy("a GIF image")),
    (b"<", gettext_lazy("a web page or script")),
)


class UploadRefused(DomainError):
    code = "upload_refused"
    status = 422


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def _sniff(head: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def _what_else(head: bytes) -> str:
    for signature, label in _KNOWN_OTHERS:
        if head.lstrip()[: len(signature)] == signature:
            return str(label)
    return _("not a document of a known kind")


def _clean_name(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:200] or "tep"


def _read(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def upload_check(upload: UploadedFile, *, field: str | None = None) -> CheckedFile:
    """The file if it is a PDF, JPEG or PNG within the size limit; otherwise UploadRefused with a message
    that names the file and says what to do."""
    name = _clean_name(upload.name)
    limit = settings.VIDAN_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise UploadRefused(
            _("“%(name)s” is %(size)s; each file may be at most %(limit)s. Scan it at a lower resolution.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            field=field,
        )
    # Django counted the bytes it received (upload.size is not the browser's claim): past the check above, at
    # most one file within the limit is held in memory at a time.
    data = _read(upload)
    if not data:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": name}, field=field)
    kind = _sniff(data[:16])
    if kind is None:
        raise UploadRefused(
            _("“%(name)s” is %(what)s, whatever its name says. Upload a PDF, JPEG or PNG file.")
            % {"name": name, "what": _what_else(data[:16])},
            field=field,
        )
    if not _whole(data, kind):
        raise UploadRefused(
            _("“%(name)s” looks like a %(kind)s file but is damaged or incomplete. Save or scan it again.")
            % {"name": name, "kind": KINDS[kind]},
            field=field,
        )
    return CheckedFile(upload, name, kind, len(data), hashlib.sha256(data).hexdigest())


def _whole(data: bytes, kind: str) -> bool:
    if kind == "application/pdf":
        return b"%%EOF" in data[-2048:]
    try:
        with Image.open(io.BytesIO(data)) as image:
            expected = "JPEG" if kind == "image/jpeg" else "PNG"
            if image.format != expected:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def uploads_total_check(files: list[CheckedFile]) -> None:
    total, limit = sum(f.size for f in files), settings.VIDAN_UPLOAD_MAX_TOTAL_BYTES
    if total > limit:
        raise UploadRefused(
            _("The files together are %(size)s; one submission may carry at most %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limit)}
        )


class TotalLimitHandler(FileUploadHandler):
    """Stops reading a request's files once they pass the submission limit (with room for the form fields), so
    an oversized upload is never written to the temporary directory in full. The request is marked, and the
    page says why the files are missing."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        self.limit = settings.VIDAN_UPLOAD_MAX_TOTAL_BYTES + 1024 * 1024
        self.request.upload_too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_too_large_message() -> str:
    return _("The files together are more than %(limit)s; one submission may carry at most %(limit)s.") % {
        "limit": filesizeformat(settings.VIDAN_UPLOAD_MAX_TOTAL_BYTES)
    }
