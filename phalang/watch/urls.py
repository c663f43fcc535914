from django.urls import path, re_path

from phalang.watch import board, moderation, open311, views

app_name = "watch"
urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/received/", views.received, name="received"),
    path("status/", views.status, name="status"),
    path("staff/reports/new/", views.staff_report, name="staff_report"),
    # Moderation workspace (moderators and partner staff; permission-checked per report)
    path("moderation/", moderation.queue, name="mod_queue"),
    path("moderation/spam/", moderation.bulk_spam, name="mod_spam"),
    path("moderation/routing/", moderation.routing_rules, name="routing"),
    path("moderation/<str:public_id>/", moderation.case, name="mod_case"),
    path("moderation/<str:public_id>/identity/", moderation.identity, name="mod_identity"),
    path("moderation/<str:public_id>/act/", moderation.case_action, name="mod_action"),
    path("moderation/<str:public_id>/dossier.zip", moderation.dossier_file, name="mod_dossier"),
    path("moderation/<str:public_id>/evidence/<int:evidence_id>/<str:which>/", moderation.evidence_file,
         name="mod_evidence"),
    path("partner/<str:public_id>/", moderation.case, name="partner_case"),
    # Public board
    path("reports/", board.board, name="board"),
    path("reports/export.csv", board.export_csv, name="export_csv"),
    path("reports/partners/", board.partners, name="partners"),
    path("reports/<str:public_id>/", board.detail, name="public_report"),
    path("reports/<str:public_id>/me-too/", board.me_too, name="me_too"),
    path("reports/<str:public_id>/evidence/<int:evidence_id>/", board.public_evidence, name="public_evidence"),
    # Open311 GeoReport v2 (watch/open311.py); anything else under /open311/ is the spec's 404.
    path("open311/discovery.<str:fmt>", open311.discovery, name="open311_discovery"),
    path("open311/v2/discovery.<str:fmt>", open311.discovery),
    path("open311/v2/services.<str:fmt>", open311.services, name="open311_services"),
    path("open311/v2/services/<str:code>.<str:fmt>", open311.service_definition, name="open311_service"),
    path("open311/v2/requests.<str:fmt>", open311.requests, name="open311_requests"),
    path("open311/v2/requests/<str:public_id>.<str:fmt>", open311.single_request, name="open311_request"),
    re_path(r"^open311(?:/(?P<rest>.*))?$", open311.unknown),
]
