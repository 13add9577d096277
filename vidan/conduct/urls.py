from django.urls import path

from vidan.conduct.views import badges, code, public

app_name = "conduct"

urlpatterns = [
    # The public site: the code of conduct, the officers, an officer's profile (the badge's QR code).
    path("xa/<slug:slug>/quy-tac-ung-xu/", public.code_public, name="code-public"),
    path("xa/<slug:slug>/quy-tac-ung-xu/<int:version_id>/", public.code_version_public, name="code-version-public"),
    path("xa/<slug:slug>/quy-tac-ung-xu/<int:version_id>/ban-ky/", public.code_file_public, name="code-file-public"),
    path("xa/<slug:slug>/can-bo-cong-chuc/", public.officers_public, name="officers-public"),
    path("xa/<slug:slug>/can-bo-cong-chuc/<str:number>/", public.officer_public, name="officer-public"),
    # The code in the back office.
    path("staff/quy-tac-ung-xu/", code.read, name="read"),
    path("staff/quy-tac-ung-xu/<int:version_id>/cam-ket/", code.acknowledge, name="acknowledge"),
    path("staff/quy-tac-ung-xu/phien-ban/", code.versions, name="versions"),
    path("staff/quy-tac-ung-xu/phien-ban/moi/", code.version_new, name="version-new"),
    path("staff/quy-tac-ung-xu/phien-ban/<int:version_id>/", code.version_page, name="version"),
    path("staff/quy-tac-ung-xu/phien-ban/<int:version_id>/sua/", code.version_edit, name="version-edit"),
    path("staff/quy-tac-ung-xu/phien-ban/<int:version_id>/cong-bo/", code.version_publish, name="version-publish"),
    path("staff/quy-tac-ung-xu/phien-ban/<int:version_id>/xoa/", code.version_delete, name="version-delete"),
    path("staff/quy-tac-ung-xu/phien-ban/<int:version_id>/nhac/", code.version_remind, name="version-remind"),
    path("staff/quy-tac-ung-xu/phien-ban/<int:version_id>/ban-ky/", code.version_file, name="version-file"),
    # Badges and public profiles.
    path("staff/the-can-bo/", badges.badge_list, name="badges"),
    path("staff/the-can-bo/<int:staff_id>/", badges.officer, name="officer"),
    path("staff/the-can-bo/<int:staff_id>/cap-the/", badges.officer_badge_issue, name="officer-issue"),
    path("staff/the-can-bo/<int:staff_id>/thu-hoi/", badges.officer_badge_revoke, name="officer-revoke"),
    path("staff/the-can-bo/<int:staff_id>/ho-so/", badges.officer_profile, name="officer-profile"),
    path("staff/the-can-bo/<int:staff_id>/anh/", badges.officer_photo, name="officer-photo"),
    path("staff/the-can-bo/<int:staff_id>/the.pdf", badges.officer_badge_pdf, name="officer-badge-pdf"),
]
