// "Use my location": fills the hidden lat/lon fields. The form works without this script.
(function () {
  var button = document.getElementById("use-location");
  if (!button || !navigator.geolocation) return;
  var status = document.getElementById("location-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = document.documentElement.lang === "th" ? "กำลังหาตำแหน่ง…" : "Finding your location…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("id_lat").value = pos.coords.latitude.toFixed(5);
      document.getElementById("id_lon").value = pos.coords.longitude.toFixed(5);
      status.textContent = (document.documentElement.lang === "th" ? "ได้ตำแหน่งแล้ว: " : "Location set: ") +
        pos.coords.latitude.toFixed(4) + ", " + pos.coords.longitude.toFixed(4);
    }, function () {
      status.textContent = document.documentElement.lang === "th" ? "หาตำแหน่งไม่ได้ กรุณาเลือกจังหวัดแทน" : "Could not get your location; choose the province instead.";
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
