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
  // It opens on all of Thailand, where a citizen looks for their own province; a province filter
  // zooms to that province's outline. It is never fitted to wherever the current cases happen to be.
  var places = PhalangBoundaries.add(map, el);
  el.dataset.place = "";
  if (el.dataset.province && places) {
    places.province(el.dataset.province).then(function (layer) {
      if (!layer) return;
      map.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false });
      el.dataset.place = el.dataset.province;
    });
  }
  fetch(el.dataset.geojson).then(function (r) { return r.ok ? r.json() : { features: [] }; }).then(function (data) {
    L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 6, color: "#b3261e", weight: 2, fillOpacity: 0.6 });
      },
      onEachFeature: function (f, l) {
        var a = document.createElement("a");
        a.href = f.properties.url; a.textContent = f.properties.category_label + " · " + f.properties.status_label;
        l.bindPopup(a);
      }
    }).addTo(map);
    el.dataset.count = data.features.length;
  });
})();
