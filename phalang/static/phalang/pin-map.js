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
    checkPin();
  }

  // --- Following the place being chosen ------------------------------------------------------
  // Choosing a province zooms the map to it, a district typed in the place field zooms closer, and
  // a pin far outside the chosen province is warned about (never refused: the outlines are
  // simplified, and the reporter may know better).
  var places = null, chosen = null, warning = null;
  var OUTSIDE_KM = 3;  // the shipped outlines are simplified to about 1 km; a pin nearer is not "far"
  var form = mapEl && mapEl.closest("form");
  var select = form && form.querySelector("select[name=province]");
  var placeText = form && form.querySelector("input[name=place_text]");

  function rings(geometry) { return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates; }

  // Kilometres from the point to the province's outline; 0 inside it.
  function kmOutside(lat, lon, geometry) {
    var inside = false, best = Infinity, kx = 111.32 * Math.cos(lat * Math.PI / 180), ky = 110.57;
    rings(geometry).forEach(function (polygon) {
      var odd = false;
      polygon.forEach(function (ring) {
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
          if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) odd = !odd;
          var ax = (xi - lon) * kx, ay = (yi - lat) * ky, bx = (xj - lon) * kx, by = (yj - lat) * ky;
          var dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
          var t = len ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len)) : 0;
          best = Math.min(best, Math.sqrt(Math.pow(ax + t * dx, 2) + Math.pow(ay + t * dy, 2)));
        }
      });
      if (odd) inside = true;
    });
    return inside ? 0 : best;
  }

  function checkPin() {
    if (!warning) return;
    var lat = parseFloat(document.getElementById("id_lat").value), lon = parseFloat(document.getElementById("id_lon").value);
    var km = chosen && !isNaN(lat) && !isNaN(lon) ? kmOutside(lat, lon, chosen.feature.geometry) : 0;
    warning.hidden = km <= OUTSIDE_KM;
    if (warning.hidden) { warning.textContent = ""; return; }
    var p = chosen.feature.properties, far = km < 10 ? km.toFixed(1) : Math.round(km);
    // "you can still send …" in the form's own words (a help request is not a report): the
    // page gives them in data-still-send, already in its language.
    var still = mapEl.dataset.stillSend || (th ? "ส่งเรื่องได้ตามเดิม" : "you can still send the report");
    warning.textContent = th
      ? "หมุดอยู่นอกจังหวัด" + p.name_th + " ประมาณ " + far + " กม. ตรวจดูว่าปักหมุดถูกที่ หรือเลือกจังหวัดถูกไหม (" + still + ")"
      : "The pin is about " + far + " km outside " + p.name_en + ". Check the pin or the province (" + still + ").";
  }

  function chosenName() {
    var option = select && select.options[select.selectedIndex];
    if (!option || !option.value) return "";
    return option.getAttribute("data-name-th") || option.textContent.trim();
  }

  // The longest district name of the province found in the place text ("อ.ปัว ต.ศิลาแลง" → ปัว).
  function districtIn(data) {
    var text = placeText ? placeText.value : "", best = null;
    if (!data || !text) return null;
    data.features.forEach(function (f) {
      var name = f.properties.kind === "district" && f.properties.name_th;
      if (name && text.indexOf(name) >= 0 && (!best || name.length > best.properties.name_th.length)) best = f;
    });
    return best;
  }

  // A pin warned about stays in view with the province, so the reporter sees what the warning means.
  function keepPinInView(layer) {
    if (!marker || !warning || warning.hidden) return;
    var b = layer.getBounds();  // the layer's own bounds object: copied, never extended
    map.fitBounds(L.latLngBounds(b.getSouthWest(), b.getNorthEast()).extend(marker.getLatLng()),
                  { padding: [16, 16], animate: false });
  }

  function follow() {
    var name = chosenName();
    if (!name) {
      chosen = null; mapEl.dataset.place = "";
      map.fitBounds(PhalangBoundaries.THAILAND, { animate: false });
      checkPin();
      return;
    }
    places.province(name).then(function (layer) {
      if (!layer || name !== chosenName()) return;
      chosen = layer;
      var p = layer.feature.properties;
      return places.districts(p.code).then(function (data) {
        if (name !== chosenName()) return;
        var district = districtIn(data);
        if (district) {
          var c = district.geometry.coordinates;
          map.setView([c[1], c[0]], 11, { animate: false });
          mapEl.dataset.place = p.name_th + " " + district.properties.name_th;
        } else {
          map.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false });
          mapEl.dataset.place = p.name_th;
        }
        checkPin();
        keepPinInView(layer);
      });
    });
  }
  // A form brought back by Back from the browser's memory must not show the story, the address
  // or the pin again on a shared phone: empty it (the server never sends a filled one after filing).
  window.addEventListener("pageshow", function (event) {
    var form = mapEl && mapEl.closest("form");
    if (!form || !event.persisted) return;
    form.reset();
    ["id_lat", "id_lon"].forEach(function (id) { var f = document.getElementById(id); if (f) f.value = ""; });
    if (marker) { marker.remove(); marker = null; }
    if (warning) { warning.hidden = true; warning.textContent = ""; }
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
    places = PhalangBoundaries.add(map, mapEl);
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng); });
    if (places && select) {
      warning = document.getElementById("pin-warning");
      if (!warning) {
        warning = document.createElement("p");
        warning.id = "pin-warning"; warning.className = "notice warning"; warning.setAttribute("role", "status");
        mapEl.parentNode.insertBefore(warning, mapEl.nextSibling);
      }
      warning.hidden = true;
      select.addEventListener("change", follow);
      if (placeText) placeText.addEventListener("change", function () { if (chosenName()) follow(); });
      if (chosenName()) follow();  // a form shown again with its province chosen
    }
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
