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
    // Both the place and the pin: the server applies the rule (same district or province, or
    // within 3 km of the pin; board.nearby).
    var district = form.querySelector("[name=district]");
    var some = false;
    if (lat && lat.value && lon && lon.value) { q += "&lat=" + lat.value + "&lon=" + lon.value; some = true; }
    if (province && province.value) { q += "&province=" + province.value; some = true; }
    if (district && district.value && /^[0-9]+$/.test(district.value)) q += "&district=" + district.value;
    if (!some) return;
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
