from django.urls import path

from phalang.aid import views

app_name = "aid"
urlpatterns = [
    path("", views.request_help, name="request"),
    path("received/", views.received, name="received"),
    path("status/", views.status, name="status"),
    path("proxy/", views.proxy_request, name="proxy"),
    path("volunteer/", views.volunteer, name="volunteer"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<int:pk>/", views.update_task, name="update_task"),
    path("tasks/<int:pk>/claim/", views.claim, name="claim"),
    path("coordinate/", views.coordinate_home, name="coordinate"),
    path("coordinate/new-group/", views.new_group, name="new_group"),
    path("coordinate/<slug:slug>/", views.dashboard, name="dashboard"),
    path("coordinate/<slug:slug>/map.geojson", views.queue_map, name="queue_map"),
    path("coordinate/<slug:slug>/bulk/", views.bulk, name="bulk"),
    path("coordinate/<slug:slug>/kit/", views.kit, name="kit"),
    path("coordinate/<slug:slug>/calls/", views.calls, name="calls"),
    path("coordinate/<slug:slug>/hubs/new/", views.new_hub, name="new_hub"),
    path("coordinate/<slug:slug>/items/", views.items, name="items"),
    path("coordinate/<slug:slug>/suggest/", views.suggest, name="suggest"),
    path("coordinate/<slug:slug>/suggestions/<int:pk>/", views.decide, name="decide"),
    path("coordinate/<slug:slug>/requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("coordinate/<slug:slug>/requests/<int:pk>/triage/", views.triage, name="triage"),
    path("coordinate/<slug:slug>/requests/<int:pk>/duplicate/", views.resolve_duplicate, name="resolve_duplicate"),
    path("coordinate/<slug:slug>/requests/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("coordinate/<slug:slug>/volunteers/<int:pk>/verify/", views.verify, name="verify"),
    path("coordinate/<slug:slug>/import/", views.import_csv, name="import"),
    path("coordinate/<slug:slug>/import/<int:pk>/", views.import_result, name="import_result"),
    path("coordinate/<slug:slug>/hubs/", views.hubs, name="hubs"),
]
