// Check-in with the desk phone's camera: frames from the rear camera are decoded in the browser
// by the vendored jsQR (no request leaves the site); a ticket code found is put in the check-in
// form and submitted. A photo of a ticket (file input) is decoded the same way, for phones whose
// browser gives no live camera.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var code = document.getElementById("code");
  var startButton = document.getElementById("scan-start");
  var video = document.getElementById("scan-video");
  var photo = document.getElementById("scan-photo");
  var status = document.getElementById("scan-status");
  if (!form || !code || !window.jsQR) return;
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var done = false;

  function say(key) { if (status) status.textContent = status.dataset[key] || ""; }

  function decode(source, width, height) {
    if (!width || !height) return null;
    canvas.width = width;
    canvas.height = height;
    context.drawImage(source, 0, 0, width, height);
    var image = context.getImageData(0, 0, width, height);
    var found = window.jsQR(image.data, width, height, { inversionAttempts: "attemptBoth" });
    return found && found.data ? found.data : null;
  }

  function submit(text) {
    if (done) return;
    done = true;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    code.value = text;
    say("found");
    form.submit();
  }

  function scanFrame() {
    if (done || !stream) return;
    var text = decode(video, video.videoWidth, video.videoHeight);
    if (text) { submit(text); return; }
    window.requestAnimationFrame(scanFrame);
  }

  if (startButton && video && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    startButton.hidden = false;
    startButton.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          video.setAttribute("playsinline", "");
          return video.play();
        })
        .then(function () { say("scanning"); window.requestAnimationFrame(scanFrame); })
        .catch(function () { say("denied"); });
    });
  }

  if (photo) {
    photo.addEventListener("change", function () {
      var file = photo.files && photo.files[0];
      if (!file) return;
      // Read as a data: URL: the site's CSP allows data: images, not blob: ones.
      var reader = new FileReader();
      reader.onload = function () {
        var img = new Image();
        img.onload = function () {
          var text = decode(img, img.naturalWidth, img.naturalHeight);
          if (text) submit(text); else say("notfound");
        };
        img.onerror = function () { say("notfound"); };
        img.src = reader.result;
      };
      reader.readAsDataURL(file);
    });
  }
})();
