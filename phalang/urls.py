from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from phalang.api import api


def favicon(_request: HttpRequest) -> HttpResponsePermanentRedirect:
    # static() at request time, not at import: the manifest storage reads the collected manifest.
    return HttpResponsePermanentRedirect(static("phalang/favicon.svg"))

urlpatterns = [
    # First: webhooks are the busiest URLs, and every pattern tried before them costs each event.
    path("webhooks/", include("phalang.chat.urls")),
    path("", include("phalang.core.urls")),
    path("accounts/", include("phalang.accounts.urls")),
    path("places/", include("phalang.places.urls")),
    path("", include("phalang.watch.urls")),
    path("data/", include("phalang.opendata.urls")),
    path("talk/", include("phalang.deliberation.urls")),
    path("aid/", include("phalang.aid.urls")),
    path("coalition/", include("phalang.coalition.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
    # Browsers ask for /favicon.ico where a response names no icon (JSON, a download): the site's
    # icon, not a 404 in the log and the console.
    path("favicon.ico", favicon, name="favicon"),
]
