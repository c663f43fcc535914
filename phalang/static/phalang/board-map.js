// The board's map: points from the GeoJSON feed. Without tiles (none configured, or offline) the
// points still show on a plain background; without JavaScript the list below is the board.
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  // Zoom buttons in the page's language (Leaflet's own titles are English).
  var map = L.map(el, { scrollWheelZoom: false, zoomControl: false }).setView([13.4, 101.0], 5);
  L.control.zoom({ zoomInTitle: el.dataset.zoomIn || "+", zoomOutTitle: el.dataset.zoomOut || "-" }).addTo(map);
  map.attributionControl.setPrefix(false);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
  }
  fetch(el.dataset.geojson).then(function (r) { return r.ok ? r.json() : { features: [] }; }).then(function (data) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 6, color: "#b3261e", weight: 2, fillOpacity: 0.6 });
      },
      onEachFeature: function (f, l) {
        var a = document.createElement("a");
        a.href = f.properties.url; a.textContent = f.properties.category_label + " · " + f.properties.status_label;
        l.bindPopup(a);
      }
    }).addTo(map);
    if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 12, padding: [20, 20] });
    el.dataset.count = data.features.length;
  });
})();
