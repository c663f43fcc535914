// The board's map: points from the GeoJSON feed over the provinces (boundaries.js). Tiles are
// optional (PHALANG_MAP_TILE_URL); without JavaScript the list below is the board.
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L || !window.PhalangBoundaries) return;
  // Zoom buttons in the page's language (Leaflet's own titles are English).
  var map = L.map(el, { scrollWheelZoom: false, zoomControl: false, zoomSnap: 0.5 }).fitBounds(PhalangBoundaries.THAILAND);
  L.control.zoom({ zoomInTitle: el.dataset.zoomIn || "+", zoomOutTitle: el.dataset.zoomOut || "-" }).addTo(map);
  map.attributionControl.setPrefix(false);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
  }
  PhalangBoundaries.add(map, el);
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
    // Without tiles there is nothing to see past the district borders (zoom 10).
    if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: el.dataset.tiles ? 12 : 10, padding: [20, 20] });
    el.dataset.count = data.features.length;
  });
})();
