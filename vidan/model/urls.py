from django.urls import path

from vidan.model.views import assessments, commitments, launch, public, rollout

app_name = "model"

urlpatterns = [
    path("staff/mo-hinh/", launch.launch_page, name="launch"),
    path("staff/mo-hinh/phat-dong/tep/", launch.launch_files, name="launch-files"),
    path("staff/mo-hinh/phat-dong/bai-viet/", launch.launch_article, name="launch-article"),
    path("staff/mo-hinh/bo-phan/", launch.departments_page, name="departments"),
    path("staff/mo-hinh/bo-phan/<int:department_id>/cam-ket-moi/", commitments.commitment_new, name="commitment-new"),
    path("staff/mo-hinh/cam-ket/<int:commitment_id>/", commitments.commitment_page, name="commitment"),
    path("staff/mo-hinh/cam-ket/<int:commitment_id>/ky/", commitments.commitment_sign_view, name="commitment-sign"),
    path(
        "staff/mo-hinh/cam-ket/<int:commitment_id>/phien-ban-moi/",
        commitments.commitment_revise_view,
        name="commitment-revise",
    ),
    path(
        "staff/mo-hinh/cam-ket/<int:commitment_id>/theo-doi/",
        commitments.commitment_follow_up,
        name="commitment-follow-up",
    ),
    path("staff/mo-hinh/tu-danh-gia/", assessments.assessments_page, name="assessments"),
    path("staff/mo-hinh/tu-danh-gia/<int:assessment_id>/", assessments.assessment_page, name="assessment"),
    path(
        "staff/mo-hinh/tu-danh-gia/<int:assessment_id>/luu/", assessments.assessment_save_view, name="assessment-save"
    ),
    path(
        "staff/mo-hinh/tu-danh-gia/<int:assessment_id>/duyet/",
        assessments.assessment_review_view,
        name="assessment-review",
    ),
    path("staff/mo-hinh/duyet/", assessments.review_queue_page, name="review-queue"),
    path("staff/mo-hinh/tep/<int:model_file_id>/", assessments.model_file, name="file"),
    path("xa/<slug:slug>/mo-hinh/", public.model_page, name="public"),
    path("xa/<slug:slug>/mo-hinh/tep/<int:file_id>/", public.model_public_file, name="public-file"),
    path("staff/mo-hinh/trien-khai/", rollout.rollout_page, name="rollout"),
    path("staff/mo-hinh/trien-khai/tai-ve.<str:file_format>", rollout.rollout_download, name="rollout-download"),
    path("staff/mo-hinh/trien-khai/xa/<int:commune_id>/", rollout.rollout_commune, name="rollout-commune"),
]
