// "Use my location" and a pin on a map: both fill the hidden lat/lon fields.
// The form works without this script (province and place typed instead).
(function () {
  var mapEl = document.getElementById("pin-map");
  var marker = null, map = null;
  function setPoint(lat, lon) {
    document.getElementById("id_lat").value = lat.toFixed(5);
    document.getElementById("id_lon").value = lon.toFixed(5);
    document.getElementById("id_lon").dispatchEvent(new Event("change", { bubbles: true }));
    if (map) {
      if (marker) marker.setLatLng([lat, lon]);
      else marker = L.circleMarker([lat, lon], { radius: 9, color: "#b3261e", weight: 3 }).addTo(map);
    }
  }
  if (mapEl && window.L && window.PhalangBoundaries) {
    mapEl.hidden = false;
    // Zoom buttons in the page's language (Leaflet's own titles are English).
    var th = document.documentElement.lang === "th";
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

// Nearby cases before filing: once a category and a place are chosen, show up to 3 open cases of
// the same kind near it, each with a "me too" button (the same rule the chat dialog uses).
(function () {
  var form = document.getElementById("report-form");
  var section = document.getElementById("nearby");
  if (!form || !section || !window.fetch) return;
  var list = section.querySelector(".nearby-list");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  function refresh() {
    var cat = form.querySelector("input[name=category]:checked");
    var province = form.querySelector("select[name=province]");
    var lat = form.querySelector("input[name=lat]"), lon = form.querySelector("input[name=lon]");
    if (!cat) return;
    var q = "category=" + encodeURIComponent(cat.value);
    if (lat && lat.value && lon && lon.value) q += "&lat=" + lat.value + "&lon=" + lon.value;
    else if (province && province.value) q += "&province=" + province.value;
    else return;
    fetch("/api/v1/public/reports/nearby?" + q, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        list.textContent = "";
        data.results.forEach(function (item) {
          var li = document.createElement("li");
          var text = document.createElement("p");
          text.textContent = item.status_label + " · " + (item.text.length > 140 ? item.text.slice(0, 140) + "…" : item.text);
          var link = document.createElement("a");
          link.href = "/reports/" + item.id + "/";
          link.textContent = section.dataset.view;
          var f = document.createElement("form");
          f.method = "post"; f.action = item.me_too_url; f.className = "inline";
          if (token) { var t = token.cloneNode(); f.appendChild(t); }
          var b = document.createElement("button");
          b.type = "submit"; b.textContent = section.dataset.meToo;
          f.appendChild(b);
          li.appendChild(text); li.appendChild(link); li.appendChild(f);
          list.appendChild(li);
        });
        section.hidden = data.results.length === 0;
      });
  }
  form.addEventListener("change", function (e) {
    if (["category", "province", "lon"].indexOf(e.target.name) >= 0) refresh();
  });
})();
