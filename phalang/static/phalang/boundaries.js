// Thailand's provinces, and approximate district borders when zoomed in, drawn from our own static
// files so that a map is useful with no tile server (`phalang places build-boundaries` makes them
// from registry packages; docs/architecture.md#map-boundaries). Used by the public board, the
// report form and the coordinator's map. Province outlines sit in a pane below the points and
// take no clicks, so tapping the map still places a pin and points keep their popups.
window.PhalangBoundaries = (function () {
  var DISTRICT_ZOOM = 9, LABEL_ZOOM = 10;
  var THAILAND = [[5.6, 97.3], [20.5, 105.7]];

  // Returns the places on this map, for a form that follows the place being chosen (pin-map.js):
  // province(name) resolves to its outline layer (or null), districts(code) to its district file.
  function add(map, el) {
    var url = el.dataset.boundaries;
    if (!url || !window.fetch) return null;
    var base = url.replace(/provinces(\.[0-9a-f]+)?\.json$/, "districts/");
    var pane = map.createPane("boundaries");
    pane.style.zIndex = 350;  // above tiles (200), below points (400)
    pane.style.pointerEvents = "none";
    var labelPane = map.createPane("boundaryLabels");  // markers stack by z-index: keep names above the fill
    labelPane.style.zIndex = 360;
    labelPane.style.pointerEvents = "none";
    if (el.dataset.boundariesNote) {
      // The source's name stays in English, marked as such on a Thai page.
      var note = document.createElement("span");
      el.dataset.boundariesNote.split("Natural Earth").forEach(function (part, i) {
        if (i) {
          var source = document.createElement("span");
          source.lang = "en"; source.textContent = "Natural Earth";
          note.appendChild(source);
        }
        note.appendChild(document.createTextNode(part));
      });
      map.attributionControl.addAttribution(note.innerHTML);
    }
    var provinces = null, loaded = {}, districts = L.layerGroup(), labels = L.layerGroup(), files = {};

    function districtFile(code) {
      if (!files[code]) {
        files[code] = fetch(base + code + ".json").then(function (r) { return r.ok ? r.json() : null; })
          .catch(function () { return null; });
      }
      return files[code];
    }

    function drawDistricts(data) {
      L.geoJSON(data, {
        pane: "boundaries", interactive: false,
        filter: function (f) { return f.properties.kind === "borders"; },
        style: { color: "#8796a5", weight: 1, dashArray: "3 3", fill: false }
      }).addTo(districts);
      data.features.forEach(function (f) {
        if (f.properties.kind !== "district") return;
        var name = document.createElement("span");
        name.textContent = f.properties.name_th;
        name.lang = "th";  // district names are Thai on the English pages too
        L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
          pane: "boundaryLabels", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "district-label", html: name, iconSize: null })
        }).addTo(labels);
      });
    }

    function update() {
      var zoom = map.getZoom(), centre = map.getCenter();
      el.dataset.zoom = zoom;
      el.dataset.center = centre.lat.toFixed(4) + "," + centre.lng.toFixed(4);
      if (zoom >= DISTRICT_ZOOM && provinces) {
        if (!map.hasLayer(districts)) districts.addTo(map);
        var view = map.getBounds();
        provinces.eachLayer(function (layer) {
          var code = layer.feature.properties.code;
          if (loaded[code] || !view.intersects(layer.getBounds())) return;
          loaded[code] = true;
          districtFile(code).then(function (data) {
            if (!data) { loaded[code] = false; files[code] = null; return; }
            drawDistricts(data);
            el.dataset.districtFiles = Object.keys(loaded).filter(function (k) { return loaded[k]; }).length;
          });
        });
      } else if (map.hasLayer(districts)) {
        map.removeLayer(districts);
      }
      if (zoom >= LABEL_ZOOM) { if (!map.hasLayer(labels)) labels.addTo(map); }
      else if (map.hasLayer(labels)) map.removeLayer(labels);
    }

    var ready = fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data) return null;
      provinces = L.geoJSON(data, {
        pane: "boundaries", interactive: false,
        // With tiles the land is on them already: outlines only.
        style: { color: "#7d8b99", weight: 1, fillColor: "#fbfaf4", fillOpacity: el.dataset.tiles ? 0 : 1 }
      }).addTo(map);
      el.dataset.provinces = data.features.length;
      map.on("zoomend moveend", update);
      update();
      return provinces;
    });

    return {
      province: function (name) {
        return ready.then(function (layers) {
          var found = null;
          if (layers) layers.eachLayer(function (layer) {
            var p = layer.feature.properties;
            if (p.name_th === name || p.name_en === name) found = layer;
          });
          return found;
        });
      },
      districts: districtFile
    };
  }

  return { add: add, THAILAND: THAILAND };
})();
