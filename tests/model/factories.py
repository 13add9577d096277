"""The model's test data: a framework published by the commune's province, a launch, files."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import SYSTEM
from vidan.core.uploads import upload_check
from vidan.model.frameworks import framework_publish
from vidan.model.launch import Attendee, launch_record
from vidan.org.selectors import province_of

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png_upload(name: str = "anh.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def checked_pdf(name: str = "bien-ban.pdf"):
    return upload_check(pdf_upload(name))


# A small framework: one computed indicator (criterion 2), one declared per other criterion.
SMALL_INDICATORS = [
    {"criterion": 1, "code": "tuyen-truyen", "label": "Số buổi tuyên truyền", "unit": "count", "weight": 1,
     "target": 2, "direction": "higher", "source": "declared"},
    {"criterion": 2, "code": "dung-han", "label": "Tỷ lệ hồ sơ đúng hạn", "unit": "percent", "weight": 1,
     "target": 98, "direction": "higher", "source": "computed", "indicator_key": "onestop.on_time_rate"},
    {"criterion": 3, "code": "cong-khai", "label": "Tỷ lệ công khai đúng hạn", "unit": "percent", "weight": 1,
     "target": 100, "direction": "higher", "source": "declared"},
    {"criterion": 4, "code": "don-thu", "label": "Tỷ lệ đơn thư đúng hạn", "unit": "percent", "weight": 1,
     "target": 100, "direction": "higher", "source": "declared"},
    {"criterion": 5, "code": "phan-anh", "label": "Số phản ánh về thái độ", "unit": "count", "weight": 1,
     "target": 0, "direction": "lower", "source": "declared"},
]  # fmt: skip


def make_framework(commune, *, publisher=None, valid_from=date(2025, 1, 1), indicators=None, criteria=None):
    return framework_publish(
        actor=SYSTEM,
        publisher=publisher or province_of(commune.unit),
        name="Bộ tiêu chí thử nghiệm",
        valid_from=valid_from,
        criteria=criteria or {1: 20, 2: 20, 3: 20, 4: 20, 5: 20},
        indicators=indicators or SMALL_INDICATORS,
    )


def make_launch(commune, *, held_on=date(2025, 3, 20)):
    return launch_record(
        actor=SYSTEM,
        commune=commune,
        held_on=held_on,
        attendees=[Attendee(position="Trưởng Ban Dân vận", organisation="Huyện ủy")],
    )
