from django.urls import path

from vidan.onestop.views import catalogue, desk, online, paperwork, public, statistics

app_name = "onestop"

urlpatterns = [
    path("staff/ho-so/thong-ke/", statistics.statistics, name="statistics"),
    path(
        "staff/ho-so/thong-ke/tai-ve.pdf",
        statistics.statistics_download,
        {"file_format": "pdf"},
        name="statistics-pdf",
    ),
    path(
        "staff/ho-so/thong-ke/tai-ve.xlsx",
        statistics.statistics_download,
        {"file_format": "xlsx"},
        name="statistics-xlsx",
    ),
    path("tra-cuu/", public.lookup, name="lookup"),
    path("tra-cuu/bo-sung/", online.supplement, name="supplement"),
    path("xa/<slug:slug>/nop-ho-so/", online.online_choose, name="online-choose"),
    path("xa/<slug:slug>/nop-ho-so/<str:code>/", online.online_submit, name="online-submit"),
    path("xa/<slug:slug>/nop-ho-so/<str:code>/da-nop/", online.online_submitted, name="online-submitted"),
    path("thu-tuc/", public.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", public.procedure_detail, name="procedure"),
    path("staff/thu-tuc/", catalogue.catalogue_admin, name="catalogue-admin"),
    path("staff/thu-tuc/tai-ve.<str:file_format>", catalogue.catalogue_download, name="catalogue-download"),
    path("staff/ho-so/", desk.queue, name="desk-queue"),
    path("staff/ho-so/tiep-nhan/", desk.receive, name="desk-receive"),
    path("staff/ho-so/<int:dossier_id>/", desk.dossier_page, name="desk-dossier"),
    path("staff/ho-so/<int:dossier_id>/buoc/", desk.dossier_step, name="desk-dossier-step"),
    path("staff/ho-so/<int:dossier_id>/xin-loi/", desk.dossier_apology, name="desk-dossier-apology"),
    path("staff/ho-so/<int:dossier_id>/le-phi/", desk.dossier_fee_pay, name="desk-dossier-fee"),
    path("staff/ho-so/<int:dossier_id>/tep/<int:file_id>/", desk.dossier_file, name="desk-dossier-file"),
    path("staff/ho-so/<int:dossier_id>/ket-qua/", desk.dossier_result, name="desk-dossier-result"),
    path("tra-cuu/ket-qua/<str:token>/", public.lookup_result, name="lookup-result"),
    # The official papers: forms 01–05 of a dossier, and the tracking book (form 06) of a period.
    path("staff/ho-so/<int:dossier_id>/mau-01.pdf", paperwork.receipt, name="paper-receipt"),
    path("staff/ho-so/<int:dossier_id>/mau-02.pdf", paperwork.supplement_request, name="paper-supplement"),
    path("staff/ho-so/<int:dossier_id>/mau-03.pdf", paperwork.refusal, name="paper-refusal"),
    path("staff/ho-so/<int:dossier_id>/mau-04.pdf", paperwork.apology, name="paper-apology"),
    path("staff/ho-so/<int:dossier_id>/mau-05.pdf", paperwork.control_sheet, name="paper-control-sheet"),
    path("staff/ho-so/<int:dossier_id>/tra-lai.pdf", paperwork.return_notice, name="paper-return-notice"),
    path(
        "staff/ho-so/<int:dossier_id>/tu-choi-giai-quyet.pdf",
        paperwork.decision_refusal,
        name="paper-decision-refusal",
    ),
    path("staff/ho-so/so-theo-doi/", paperwork.tracking_book, name="tracking-book"),
    path(
        "staff/ho-so/so-theo-doi/tai-ve.pdf",
        paperwork.tracking_book_download,
        {"file_format": "pdf"},
        name="tracking-book-pdf",
    ),
    path(
        "staff/ho-so/so-theo-doi/tai-ve.xlsx",
        paperwork.tracking_book_download,
        {"file_format": "xlsx"},
        name="tracking-book-xlsx",
    ),
]
