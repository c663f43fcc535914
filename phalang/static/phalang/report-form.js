// "Use my location" and a pin on a map: both fill the hidden lat/lon fields.
// The form works without this script (province and place typed instead).
(function () {
  var mapEl = document.getElementById("pin-map");
  var marker = null, map = null;
  function setPoint(lat, lon) {
    document.getElementById("id_lat").value = lat.toFixed(5);
    document.getElementById("id_lon").value = lon.toFixed(5);
    if (map) {
      if (marker) marker.setLatLng([lat, lon]);
      else marker = L.circleMarker([lat, lon], { radius: 9, color: "#b3261e", weight: 3 }).addTo(map);
    }
  }
  if (mapEl && window.L) {
    mapEl.hidden = false;
    // Zoom buttons in the page's language (Leaflet's own titles are English).
    var th = document.documentElement.lang === "th";
    map = L.map(mapEl, { zoomControl: false }).setView([13.4, 101.0], 5);
    L.control.zoom({ zoomInTitle: th ? "ซูมเข้า" : "Zoom in", zoomOutTitle: th ? "ซูมออก" : "Zoom out" }).addTo(map);
    map.attributionControl.setPrefix(false);
    if (mapEl.dataset.tiles) L.tileLayer(mapEl.dataset.tiles, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng); });
  }
  var button = document.getElementById("use-location");
  if (!button || !navigator.geolocation) return;
  var status = document.getElementById("location-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = document.documentElement.lang === "th" ? "กำลังหาตำแหน่ง…" : "Finding your location…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      setPoint(pos.coords.latitude, pos.coords.longitude);
      if (map) map.setView([pos.coords.latitude, pos.coords.longitude], 15);
      status.textContent = (document.documentElement.lang === "th" ? "ได้ตำแหน่งแล้ว: " : "Location set: ") +
        pos.coords.latitude.toFixed(4) + ", " + pos.coords.longitude.toFixed(4);
    }, function () {
      status.textContent = document.documentElement.lang === "th" ? "หาตำแหน่งไม่ได้ กรุณาเลือกจังหวัดแทน" : "Could not get your location; choose the province instead.";
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
// A page brought back by Back from the browser's memory must not show the story again on a
// shared phone: empty the form (the server never sends a filled one after filing).
window.addEventListener("pageshow", function (event) {
  var form = document.getElementById("report-form");
  if (form && event.persisted) form.reset();
});
