from django.urls import path

from phalang.coalition import views

app_name = "coalition"
urlpatterns = [
    path("", views.home, name="home"),
    path("partners/", views.partners, name="partners"),
    path("partners/<slug:slug>/", views.partner, name="partner"),
    path("c/<slug:slug>/", views.coalition, name="coalition"),
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/export.csv", views.export_csv, name="commitments_csv"),
    path("commitments/export.json", views.export_json, name="commitments_json"),
    path("commitments/<str:public_id>/", views.commitment, name="commitment"),
    path("commitments/<str:public_id>/status/", views.commitment_status, name="commitment_status"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/<slug:slug>/", views.campaign, name="campaign"),
    path("events/<str:public_id>/", views.event, name="event"),
    path("events/<str:public_id>/ticket/<str:token>/", views.ticket, name="ticket"),
    path("events/<str:public_id>/desk/", views.event_desk, name="event_desk"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("stop/<str:token>/", views.stop, name="stop"),
    path("asks/conversation/<int:conversation>/", views.asks, name="asks"),
    path("answer/<str:token>/", views.answer, name="answer"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("consent/", views.consent_start, name="consent_start"),
    path("consent/<str:token>/", views.consent, name="consent"),
    # Staff: one organisation's coalition work (permission-checked on that organisation)
    path("staff/", views.staff_home, name="staff"),
    path("staff/<slug:slug>/", views.staff_org, name="staff_org"),
    path("staff/<slug:slug>/profile/", views.staff_profile, name="staff_profile"),
    path("staff/<slug:slug>/coalitions/new/", views.staff_coalition_new, name="staff_coalition_new"),
    path("staff/<slug:slug>/coalitions/<slug:coalition>/", views.staff_coalition, name="staff_coalition"),
    path("staff/<slug:slug>/campaigns/new/", views.staff_campaign_new, name="staff_campaign_new"),
    path("staff/<slug:slug>/campaigns/<slug:campaign>/", views.staff_campaign, name="staff_campaign"),
    path("staff/<slug:slug>/events/new/", views.staff_event_new, name="staff_event_new"),
    path("staff/<slug:slug>/events/<str:public_id>/", views.staff_event, name="staff_event"),
    path("staff/<slug:slug>/commitments/new/", views.staff_commitment_new, name="staff_commitment_new"),
    path("staff/<slug:slug>/broadcasts/new/", views.staff_broadcast_new, name="staff_broadcast_new"),
    path("staff/<slug:slug>/broadcasts/<int:pk>/", views.staff_broadcast, name="staff_broadcast"),
]
