from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from phalang.places.lookup import nearest_subdistrict, resolve_address
from phalang.places.models import Province


def search(request: HttpRequest) -> HttpResponse:
    """Find a place by Thai address text or by coordinates; works without JavaScript."""
    q = request.GET.get("q", "").strip()[:300]
    lat_raw, lon_raw = request.GET.get("lat", "").strip(), request.GET.get("lon", "").strip()
    context: dict = {"q": q, "lat": lat_raw, "lon": lon_raw,
                     "province_count": Province.objects.count()}
    if q:
        place = resolve_address(q)
        context["place"] = place
        if place is None:
            context["error"] = _("No place in the gazetteer matches that text.")
    elif lat_raw or lon_raw:
        try:
            found = nearest_subdistrict(float(lat_raw), float(lon_raw))
        except ValueError:
            context["error"] = _("Latitude and longitude must be numbers, for example 13.6 and 100.7.")
        else:
            context["nearest"] = found
            if found is None:
                context["error"] = _("No subdistrict within 50 km of that point.")
    return render(request, "places/search.html", context)
