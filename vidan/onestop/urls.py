from django.urls import path

from vidan.onestop import online_views, paperwork_views, staff_views, statistics_views, views

app_name = "onestop"

urlpatterns = [
    path("staff/ho-so/thong-ke/", statistics_views.statistics, name="statistics"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tra-cuu/bo-sung/", online_views.supplement, name="supplement"),
    path("xa/<slug:slug>/nop-ho-so/", online_views.online_choose, name="online-choose"),
    path("xa/<slug:slug>/nop-ho-so/<str:code>/", online_views.online_submit, name="online-submit"),
    path("xa/<slug:slug>/nop-ho-so/<str:code>/da-nop/", online_views.online_submitted, name="online-submitted"),
    path("thu-tuc/", views.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("staff/thu-tuc/", views.catalogue_admin, name="catalogue-admin"),
    path("staff/thu-tuc/tai-ve.<str:file_format>", views.catalogue_download, name="catalogue-download"),
    path("staff/ho-so/", staff_views.queue, name="desk-queue"),
    path("staff/ho-so/tiep-nhan/", staff_views.receive, name="desk-receive"),
    path("staff/ho-so/<int:dossier_id>/", staff_views.dossier_page, name="desk-dossier"),
    path("staff/ho-so/<int:dossier_id>/buoc/", staff_views.dossier_step, name="desk-dossier-step"),
    path("staff/ho-so/<int:dossier_id>/xin-loi/", staff_views.dossier_apology, name="desk-dossier-apology"),
    path("staff/ho-so/<int:dossier_id>/tep/<int:file_id>/", staff_views.dossier_file, name="desk-dossier-file"),
    # The official papers: forms 01–05 of a dossier, and the tracking book (form 06) of a period.
    path("staff/ho-so/<int:dossier_id>/mau-01.pdf", paperwork_views.receipt, name="paper-receipt"),
    path("staff/ho-so/<int:dossier_id>/mau-02.pdf", paperwork_views.supplement_request, name="paper-supplement"),
    path("staff/ho-so/<int:dossier_id>/mau-03.pdf", paperwork_views.refusal, name="paper-refusal"),
    path("staff/ho-so/<int:dossier_id>/mau-04.pdf", paperwork_views.apology, name="paper-apology"),
    path("staff/ho-so/<int:dossier_id>/mau-05.pdf", paperwork_views.control_sheet, name="paper-control-sheet"),
    path("staff/ho-so/so-theo-doi/", paperwork_views.tracking_book, name="tracking-book"),
    path(
        "staff/ho-so/so-theo-doi/tai-ve.pdf",
        paperwork_views.tracking_book_download,
        {"file_format": "pdf"},
        name="tracking-book-pdf",
    ),
    path(
        "staff/ho-so/so-theo-doi/tai-ve.xlsx",
        paperwork_views.tracking_book_download,
        {"file_format": "xlsx"},
        name="tracking-book-xlsx",
    ),
]
