// The place of a form (a report, a help request): "use my location" and a pin on the shipped
// boundaries map (boundaries.js; tiles only if configured). Both fill the form's hidden lat/lon.
// The form works without this script (province, place or address typed instead).
(function () {
  var mapEl = document.getElementById("pin-map");
  var marker = null, map = null;
  var th = document.documentElement.lang === "th";
  function setPoint(lat, lon) {
    document.getElementById("id_lat").value = lat.toFixed(5);
    document.getElementById("id_lon").value = lon.toFixed(5);
    document.getElementById("id_lon").dispatchEvent(new Event("change", { bubbles: true }));
    if (map) {
      if (marker) marker.setLatLng([lat, lon]);
      else marker = L.circleMarker([lat, lon], { radius: 9, color: "#b3261e", weight: 3 }).addTo(map);
    }
  }
  // A form brought back by Back from the browser's memory must not show the story, the address
  // or the pin again on a shared phone: empty it (the server never sends a filled one after filing).
  window.addEventListener("pageshow", function (event) {
    var form = mapEl && mapEl.closest("form");
    if (!form || !event.persisted) return;
    form.reset();
    ["id_lat", "id_lon"].forEach(function (id) { var f = document.getElementById(id); if (f) f.value = ""; });
    if (marker) { marker.remove(); marker = null; }
    var status = document.getElementById("location-status");
    if (status) status.textContent = "";
  });
  if (mapEl && window.L && window.PhalangBoundaries) {
    mapEl.hidden = false;
    // Zoom buttons in the page's language (Leaflet's own titles are English).
    map = L.map(mapEl, { zoomControl: false, zoomSnap: 0.5 }).fitBounds(PhalangBoundaries.THAILAND);
    L.control.zoom({ zoomInTitle: th ? "ซูมเข้า" : "Zoom in", zoomOutTitle: th ? "ซูมออก" : "Zoom out" }).addTo(map);
    map.attributionControl.setPrefix(false);
    if (mapEl.dataset.tiles) L.tileLayer(mapEl.dataset.tiles, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
    PhalangBoundaries.add(map, mapEl);
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng); });
  }
  var button = document.getElementById("use-location");
  if (!button || !navigator.geolocation) return;
  var status = document.getElementById("location-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = th ? "กำลังหาตำแหน่ง…" : "Finding your location…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      setPoint(pos.coords.latitude, pos.coords.longitude);
      if (map) map.setView([pos.coords.latitude, pos.coords.longitude], 15);
      status.textContent = (th ? "ได้ตำแหน่งแล้ว: " : "Location set: ") +
        pos.coords.latitude.toFixed(4) + ", " + pos.coords.longitude.toFixed(4);
    }, function () {
      status.textContent = th ? "หาตำแหน่งไม่ได้ กรุณาเลือกจังหวัดแทน" : "Could not get your location; choose the province instead.";
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
