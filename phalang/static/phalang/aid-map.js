// The coordinator's map: open requests (red) and volunteers (blue), one point per subdistrict,
// from the queue's GeoJSON under the same filters. Same Leaflet and tiles as the Watch board map;
// without tiles the points still show, and without JavaScript the counts table is the map.
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  // Zoom buttons in the page's language, as on the board (Leaflet's own titles are English).
  var map = L.map(el, { scrollWheelZoom: false, zoomControl: false }).setView([18.79, 98.98], 9);
  L.control.zoom({ zoomInTitle: el.dataset.zoomIn || "+", zoomOutTitle: el.dataset.zoomOut || "-" }).addTo(map);
  map.attributionControl.setPrefix(false);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
  }
  fetch(el.dataset.geojson, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        var volunteer = f.properties.kind === "volunteer";
        return L.circleMarker(latlng, {
          radius: Math.min(14, 4 + Math.sqrt(f.properties.n) * 2),
          color: volunteer ? "#1a5fb4" : "#b3261e", weight: 2, fillOpacity: 0.5
        });
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        l.bindPopup(document.createTextNode(p.area + " · " + (p.kind === "volunteer" ? p.vehicle : p.label + " " + p.urgency) + " × " + p.n));
      }
    }).addTo(map);
    if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 12, padding: [20, 20] });
    el.dataset.count = data.features.length;
  });
})();
