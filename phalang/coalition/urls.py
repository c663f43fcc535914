from django.urls import path

from phalang.coalition import views

app_name = "coalition"
urlpatterns = [
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/export.csv", views.export_csv, name="commitments_csv"),
    path("commitments/export.json", views.export_json, name="commitments_json"),
    path("commitments/<str:public_id>/", views.commitment, name="commitment"),
    path("commitments/<str:public_id>/status/", views.commitment_status, name="commitment_status"),
    path("partners/<slug:slug>/", views.partner, name="partner"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/<slug:slug>/", views.campaign, name="campaign"),
    path("events/<str:public_id>/", views.event, name="event"),
    path("events/<str:public_id>/ticket/<str:token>/", views.ticket, name="ticket"),
    path("events/<str:public_id>/desk/", views.event_desk, name="event_desk"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
