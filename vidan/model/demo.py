"""The model in the demo: Tuyên Hóa district's framework; Thuận Hóa's launch as the news report tells it (the
district's mass-mobilisation head attends; the one-stop desk, the commune police and the military command each
sign a commitment), its departments' models, and its self-assessment of the last quarter that ended, submitted
and approved by the district's supervisor. The eight neighbours launched earlier, in their order. Names of
people are the demo's invented ones; the documents are small generated files."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from vidan.core.pdf import sample_pdf
from vidan.core.uploads import upload_check
from vidan.model.assessments import assessment_review, assessment_save, assessment_start, assessment_submit
from vidan.model.commitments import Signer, commitment_draft, commitment_sign, follow_up_record
from vidan.model.frameworks import framework_publish_default
from vidan.model.launch import Attendee, department_model_add, launch_record
from vidan.model.models import FollowUpStatus, Source
from vidan.model.periods import period_containing
from vidan.model.rollout import previous_periods
from vidan.model.snapshots import snapshots_recompute
from vidan.org.actors import Actor
from vidan.org.demo import COMMUNES, DemoContext, demo_step
from vidan.org.models import DepartmentKind
from vidan.org.selectors import staff_roles_by_commune

FRAMEWORK_FROM_YEAR = 2022
DISTRICT_HEAD = Attendee(
    position="Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Huyện ủy", organisation="Huyện ủy Tuyên Hóa"
)
ARTICLE = (
    "Ủy ban nhân dân xã Thuận Hóa tổ chức Lễ ra mắt mô hình dân vận khéo “Chính quyền thân thiện, vì nhân dân "
    "phục vụ”. Mô hình gồm năm tiêu chí và các mô hình dân vận của Bộ phận Một cửa, Công an xã và Ban Chỉ huy "
    "Quân sự xã; đại diện các bộ phận đã ký cam kết thực hiện. Thuận Hóa là địa phương thứ 9 của huyện xây dựng "
    "mô hình."
)
# Department, name of its model, its commitment's items, the position of the one who signs.
DEPARTMENT_MODELS = [
    (
        DepartmentKind.ONE_STOP,
        "Bộ phận Một cửa thân thiện",
        [
            "Niêm yết công khai, đầy đủ thủ tục hành chính tại Bộ phận Một cửa.",
            "Hướng dẫn tận tình, một lần đầy đủ; không để người dân đi lại nhiều lần.",
            "Giải quyết hồ sơ đúng và trước hạn; xin lỗi bằng văn bản khi trễ hẹn.",
        ],
        ("motcua.thuanhoa", "Công chức Bộ phận Một cửa"),
    ),
    (
        DepartmentKind.POLICE,
        "Công an xã vì nhân dân phục vụ",
        [
            "Tiếp nhận, giải quyết thủ tục cư trú đúng hạn, đúng quy định.",
            "Lắng nghe, tiếp thu phản ánh của nhân dân về an ninh, trật tự.",
        ],
        ("congan.thuanhoa", "Trưởng Công an xã"),
    ),
    (
        DepartmentKind.MILITARY,
        "Ban Chỉ huy Quân sự xã gần dân",
        [
            "Tuyên truyền, vận động thanh niên thực hiện nghĩa vụ quân sự.",
            "Tham gia giúp dân phòng, chống thiên tai, lũ lụt.",
        ],
        ("quansu.thuanhoa", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã"),
    ),
]
DECLARED_VALUES = {
    "tuyen-truyen-buoi": "4",
    "tuyen-truyen-thon": "100",
    "niem-yet": "100",
    "cong-khai": "95",
    "doi-thoai": "1",
    "don-thu-dung-han": "100",
    "tiep-cong-dan": "12",
    "phan-anh-thai-do": "0",
}


def _pdf_file(name: str, title: str):
    return demo_file(name, sample_pdf(title), "application/pdf")


def _png(caption: str) -> bytes:
    image = Image.new("RGB", (480, 320), (179, 20, 27))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 460, 300), outline=(242, 194, 48), width=6)
    draw.text((40, 150), caption.encode("ascii", "replace").decode()[:60], fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def demo_file(name: str, content: bytes, content_type: str):
    return upload_check(SimpleUploadedFile(name, content, content_type=content_type))


def _actor(staff) -> Actor:
    """The demo's account acting, labelled "demo" in the audit log as every step of the demo is."""
    return Actor(staff=staff, roles=staff_roles_by_commune(staff), label_override="demo")


@demo_step
def model_demo(ctx: DemoContext) -> None:
    district = ctx.units["district"]
    framework = framework_publish_default(
        actor=ctx.actor,
        publisher=district,
        valid_from=district.valid_from.replace(year=max(district.valid_from.year, FRAMEWORK_FROM_YEAR)),
        decision="Quyết định ban hành Bộ tiêu chí của Ban Thường vụ Huyện ủy Tuyên Hóa (minh họa)",
    )
    for c in sorted(COMMUNES, key=lambda c: c.sequence):
        if c.slug == "thuan-hoa":
            continue
        launch_record(
            actor=ctx.actor,
            commune=ctx.communes[c.slug],
            held_on=c.launched_on,
            place=f"Hội trường UBND xã {c.name}",
            attendees=[DISTRICT_HEAD, Attendee(position="Chủ tịch UBND xã", organisation=f"UBND xã {c.name}")],
        )
    _thuan_hoa(ctx, framework)


def _thuan_hoa(ctx: DemoContext, framework) -> None:
    c = next(c for c in COMMUNES if c.slug == "thuan-hoa")
    commune, staff = ctx.communes[c.slug], ctx.staff
    leader = _actor(staff["lanhdao.thuanhoa"])
    launch_record(
        actor=leader,
        commune=commune,
        held_on=c.launched_on,
        place="Hội trường UBND xã Thuận Hóa",
        attendees=[
            DISTRICT_HEAD,
            Attendee(position="Bí thư Đảng ủy xã", organisation="Đảng ủy xã Thuận Hóa"),
            Attendee(position="Chủ tịch UBND xã", organisation="UBND xã Thuận Hóa", full_name=c.leader),
            Attendee(position="Trưởng Công an xã", organisation="Công an xã Thuận Hóa"),
            Attendee(position="Chỉ huy trưởng Ban Chỉ huy Quân sự xã", organisation="Ban Chỉ huy Quân sự xã"),
            Attendee(position="Chủ tịch Ủy ban MTTQ Việt Nam xã", organisation="Ủy ban MTTQ Việt Nam xã Thuận Hóa"),
        ],
        article_text=ARTICLE,
        documents=[_pdf_file("ke-hoach-xay-dung-mo-hinh.pdf", "Ke hoach xay dung mo hinh")],
        photos=[demo_file("le-ra-mat.png", _png("Le ra mat mo hinh - Thuan Hoa"), "image/png")],
    )
    for kind, name, items, (username, position) in DEPARTMENT_MODELS:
        department = ctx.departments[c.slug, kind]
        department_model_add(actor=leader, department=department, name=name, started_on=c.launched_on)
        signer = staff[username]
        commitment = commitment_draft(
            actor=leader,
            department=department,
            items=items,
            signers=[Signer(signer.full_name, position), Signer(c.leader, "Chủ tịch UBND xã")],
        )
        commitment_sign(
            actor=leader,
            commitment=commitment,
            signed_on=c.launched_on,
            scan=_pdf_file(f"cam-ket-{kind}.pdf", f"Ban cam ket - {kind}"),
        )
        first = commitment.items.order_by("number").first()
        follow_up_record(
            actor=leader,
            item=first,
            period_day=c.launched_on,
            status=FollowUpStatus.DONE,
            comment="Đã thực hiện trong quý.",
            evidence=[_pdf_file("minh-chung.pdf", "Minh chung thuc hien")],
            period_months=framework.period_months,
        )
    # The last quarter that ended: self-assessed, submitted and approved by the district's supervisor.
    start, _end = period_containing(timezone.localdate(), framework.period_months)
    assessment = assessment_start(actor=leader, commune=commune, period_day=start - timedelta(days=1))
    values = list(assessment.values.select_related("indicator"))
    declared = {
        v.pk: (DECLARED_VALUES.get(v.indicator.code, "1"), "Theo báo cáo của bộ phận phụ trách.")
        for v in values
        if v.indicator.source == Source.DECLARED
    }
    evidence = {value_id: [_pdf_file("bao-cao.pdf", "Bao cao minh chung")] for value_id in declared}
    comments = {number: "Thực hiện đạt yêu cầu của tiêu chí." for number in range(1, 6)}
    assessment = assessment_save(
        actor=leader,
        assessment=assessment,
        expected_status=None,
        declared=declared,
        comments=comments,
        evidence=evidence,
    )
    assessment = assessment_submit(actor=leader, assessment=assessment, expected_status=None)
    assessment_review(
        actor=_actor(staff["giamsat.tuyenhoa"]),
        assessment=assessment,
        expected_status=None,
        decision="approve",
        comment="Xã thực hiện tốt mô hình trong quý.",
    )


@demo_step
def model_indicators_demo(ctx: DemoContext) -> None:
    """The computed indicators of every demo commune for the last four quarters, as the tick job keeps them, so
    that the rollout shows each neighbour's provisional score beside Thuận Hóa's approved one."""
    communes = [ctx.communes[c.slug] for c in COMMUNES]
    for start, end in previous_periods(*period_containing(timezone.localdate()), 4):
        snapshots_recompute(start, end, communes=communes)
