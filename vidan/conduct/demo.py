"""Office culture in the demo: each commune's code of conduct as a decision of its People's Committee (Thuận Hóa
with an earlier version it superseded when it launched the model), most officials' acknowledgements, a badge
for every official with their reception hours, and at Thuận Hóa a badge replaced after it was lost, whose QR
code now says it is no longer valid. Decision numbers, dates and names are invented."""

from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF, XPos, YPos

from vidan.conduct.badge_pdf import FAMILY, FONT_DIR, FONT_FILES
from vidan.conduct.badges import badge_issue, badge_revoke, officer_profile_save
from vidan.conduct.models import Acknowledgement, Badge, CodeVersion, RevokeReason
from vidan.conduct.selectors import officers
from vidan.conduct.services import code_version_acknowledge, code_version_create, code_version_publish
from vidan.core.uploads import upload_check
from vidan.org.actors import Actor
from vidan.org.demo import COMMUNES, DemoContext, demo_step
from vidan.org.models import DepartmentKind
from vidan.org.selectors import staff_roles_by_commune

CODE_TEXT = (
    "Điều 1. Phạm vi và đối tượng áp dụng\n"
    "Quy tắc này quy định chuẩn mực ứng xử của cán bộ, công chức và người lao động làm việc tại Ủy ban "
    "nhân dân xã {name} khi thi hành công vụ, trong quan hệ với Nhân dân, với đồng nghiệp và nơi công "
    "cộng.\n"
    "\n"
    "Điều 2. Trang phục và thẻ cán bộ\n"
    "Khi làm việc, cán bộ, công chức mặc trang phục gọn gàng, lịch sự; đeo thẻ cán bộ đúng nơi quy định. "
    "Thẻ có ảnh, họ tên, chức vụ, số thẻ và mã QR để người dân tra cứu thông tin cán bộ.\n"
    "\n"
    "Điều 3. Giao tiếp với Nhân dân\n"
    "Chào hỏi, lắng nghe, hướng dẫn tận tình, rõ ràng, đầy đủ; không hách dịch, cửa quyền, gây phiền hà, "
    "sách nhiễu; không hẹn lại quá thời hạn; khi trễ hạn phải có văn bản xin lỗi và hẹn lại ngày trả kết "
    "quả.\n"
    "\n"
    "Điều 4. Giao tiếp qua điện thoại\n"
    "Xưng tên, cơ quan; trao đổi ngắn gọn, tập trung vào nội dung công việc; không ngắt điện thoại đột "
    "ngột; không sử dụng điện thoại vào việc riêng khi đang tiếp công dân.\n"
    "\n"
    "Điều 5. Ứng xử với đồng nghiệp\n"
    "Tôn trọng, hợp tác, chia sẻ, giúp đỡ nhau hoàn thành nhiệm vụ; không bè phái, gây mất đoàn kết nội "
    "bộ.\n"
    "\n"
    "Điều 6. Những việc không được làm\n"
    "Không uống rượu, bia trong giờ làm việc; không hút thuốc lá nơi công sở; không nhận quà, tiền hoặc "
    "lợi ích khác của người dân liên quan đến công việc được giao.\n"
    "\n"
    "Điều 7. Tiếp nhận và xử lý ý kiến của Nhân dân\n"
    "Mọi phản ánh, kiến nghị về thái độ, tác phong của cán bộ được tiếp nhận, xem xét và trả lời công "
    "khai; kết quả đánh giá sự hài lòng của người dân là căn cứ đánh giá, xếp loại cán bộ hằng năm.\n"
    "\n"
    "Điều 8. Tổ chức thực hiện\n"
    "Cán bộ, công chức, người lao động có trách nhiệm nghiêm túc thực hiện Quy tắc này; người vi phạm, "
    "tùy theo mức độ, bị xem xét xử lý theo quy định. Văn phòng – Thống kê theo dõi, đôn đốc và báo cáo "
    "Chủ tịch Ủy ban nhân dân xã.\n"
)

# Thuận Hóa: the code adopted long before, and the one adopted for the model's launch.
THUAN_HOA_VERSIONS = [
    ("112/QĐ-UBND", date(2019, 8, 12), date(2019, 8, 12),
     "Quy tắc ứng xử của cán bộ, công chức, người lao động Ủy ban nhân dân xã Thuận Hóa"),
    ("45/QĐ-UBND", date(2024, 3, 5), date(2024, 3, 15),
     "Quy tắc ứng xử của cán bộ, công chức, người lao động Ủy ban nhân dân xã Thuận Hóa thực hiện mô hình "
     "“Chính quyền thân thiện, vì nhân dân phục vụ”"),
]  # fmt: skip
# Who at Thuận Hóa has not yet acknowledged the version in force.
THUAN_HOA_NOT_YET = {"diachinh.thuanhoa", "quansu.thuanhoa"}


def decision_pdf(*, commune_name: str, number: str, signed_on: date, title: str) -> bytes:
    """A one-page stand-in for the scanned, signed decision, marked as an illustration."""
    pdf = FPDF(format="A4")
    for style, filename in FONT_FILES.items():
        pdf.add_font(FAMILY, style, FONT_DIR / filename)
    pdf.set_lang("vi")
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(90, 6, f"ỦY BAN NHÂN DÂN\nXÃ {commune_name.upper()}", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 11)
    pdf.multi_cell(90, 6, f"Số: {number}", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(100, 10)
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(
        100,
        6,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_x(100)
    pdf.set_font(FAMILY, "", 11)
    pdf.multi_cell(
        100,
        6,
        f"{commune_name}, ngày {signed_on.day:02d} tháng {signed_on.month:02d} năm {signed_on.year}",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(10)
    pdf.set_font(FAMILY, "B", 14)
    pdf.multi_cell(0, 8, "QUYẾT ĐỊNH", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "B", 12)
    pdf.multi_cell(0, 7, f"Ban hành {title[0].lower()}{title[1:]}", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font(FAMILY, "", 11)
    pdf.multi_cell(
        0,
        6,
        "(Bản minh họa của dữ liệu trình diễn Vì Dân — không phải văn bản thật.)",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return bytes(pdf.output())


def _officer_actor(member) -> Actor:
    """The officer acknowledging, as the demo records it on their behalf (the log names the demo)."""
    return Actor(staff=member, roles=staff_roles_by_commune(member), label_override="demo")


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _version_publish(ctx: DemoContext, commune, number, signed_on, effective_on, title) -> CodeVersion:
    content = decision_pdf(commune_name=commune.name, number=number, signed_on=signed_on, title=title)
    checked = upload_check(SimpleUploadedFile("quyet-dinh.pdf", content, content_type="application/pdf"))
    version = code_version_create(
        actor=ctx.actor,
        commune=commune,
        decision_number=number,
        signed_on=signed_on,
        effective_on=effective_on,
        title=title,
        text=CODE_TEXT.format(name=commune.name),
        checked=checked,
    )
    version = code_version_publish(actor=ctx.actor, version=version)
    # Posted on the site the day after it was signed, as it would have been.
    CodeVersion.objects.filter(pk=version.pk).update(published_at=_at(signed_on + timedelta(days=1), 9))
    return version


def _acknowledge(version: CodeVersion, members, *, first_day: date) -> None:
    for n, member in enumerate(members):
        ack = code_version_acknowledge(actor=_officer_actor(member), version=version)
        # Within the fortnight after it took effect.
        Acknowledgement.objects.filter(pk=ack.pk).update(
            acknowledged_at=_at(first_day + timedelta(days=n % 14), 8 + n % 8)
        )


def _reception_hours(member, leader_day: str) -> str:
    kind = member.department.kind if member.department_id else None
    if kind == DepartmentKind.LEADERSHIP:
        return f"Tiếp công dân định kỳ sáng {leader_day} hằng tuần tại Phòng tiếp công dân của UBND xã"
    if kind == DepartmentKind.ONE_STOP:
        return "Thứ Hai đến Thứ Sáu: sáng 7:30–11:30, chiều 13:30–17:00, tại Bộ phận Một cửa"
    where = member.department.name if member.department_id else "UBND xã"
    return f"Giờ hành chính các ngày làm việc, tại phòng làm việc {where}"


@demo_step
def conduct_demo(ctx: DemoContext) -> None:
    days = {c.slug: c for c in COMMUNES}
    for slug, commune in sorted(ctx.communes.items()):
        spec = days[slug]
        members = officers(commune)
        for member in members:
            badge_issue(actor=ctx.actor, staff=member, on=spec.launched_on - timedelta(days=7))
            officer_profile_save(
                actor=ctx.actor, staff=member, reception_hours=_reception_hours(member, spec.leader_day)
            )
        if slug == "thuan-hoa":
            # Each version acknowledged while it was the one in force.
            first = _version_publish(ctx, commune, *THUAN_HOA_VERSIONS[0])
            _acknowledge(first, members, first_day=first.effective_on)
            second = _version_publish(ctx, commune, *THUAN_HOA_VERSIONS[1])
            pending = [m for m in members if m.username not in THUAN_HOA_NOT_YET]
            _acknowledge(second, pending, first_day=second.effective_on)
            _lost_badge_replaced(ctx, commune)
        else:
            signed = spec.launched_on - timedelta(days=14)
            number = f"{20 + spec.sequence}/QĐ-UBND"
            title = f"Quy tắc ứng xử của cán bộ, công chức, người lao động Ủy ban nhân dân xã {commune.name}"
            version = _version_publish(ctx, commune, number, signed, signed + timedelta(days=7), title)
            # Most have acknowledged it: all, or all but one or two, depending on the commune.
            missing = spec.sequence % 3
            _acknowledge(version, members[: len(members) - missing], first_day=version.effective_on)


def _lost_badge_replaced(ctx: DemoContext, commune) -> None:
    """The desk officer lost her badge: it was revoked and a new one issued."""
    member = ctx.staff["motcua.thuanhoa"]
    old = Badge.objects.get(staff=member, revoked_on__isnull=True)
    badge_revoke(actor=ctx.actor, badge=old, reason=RevokeReason.REVOKED, on=date(2025, 11, 3), note="Mất thẻ")
    badge_issue(actor=ctx.actor, staff=member, on=date(2025, 11, 3))
