// Blur by drawing: drag on an evidence picture to add a rectangle to its blur form. The form's
// text box (x,y,width,height as fractions of the picture, one per line) stays the no-JS way and
// shows what was drawn. A separate file because the site's CSP allows no inline script.
(function () {
  function box(frame, r) {
    var d = document.createElement("div");
    d.className = "blur-box";
    d.style.left = r[0] * 100 + "%"; d.style.top = r[1] * 100 + "%";
    d.style.width = r[2] * 100 + "%"; d.style.height = r[3] * 100 + "%";
    frame.appendChild(d);
    return d;
  }
  function round(v) { return Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000; }
  document.querySelectorAll("img.thumb[data-evidence]").forEach(function (img) {
    var item = img.closest("li");
    var form = item && item.querySelector(".blur-form");
    var text = form && form.querySelector("textarea.rects");
    if (!text) return;
    var frame = document.createElement("div");
    frame.className = "blur-frame";
    img.parentNode.insertBefore(frame, img);
    frame.appendChild(img);
    img.draggable = false;
    text.value.split("\n").forEach(function (line) {
      var r = line.split(",").map(Number);
      if (r.length >= 4 && r.every(function (v) { return !isNaN(v); })) box(frame, r);
    });
    var hint = form.querySelector(".blur-hint");
    if (hint) hint.hidden = false;
    var start = null, current = null;
    function at(e) {
      var b = img.getBoundingClientRect();
      return [(e.clientX - b.left) / b.width, (e.clientY - b.top) / b.height];
    }
    frame.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      frame.setPointerCapture(e.pointerId);
      start = at(e);
      current = box(frame, [start[0], start[1], 0, 0]);
    });
    frame.addEventListener("pointermove", function (e) {
      if (!start) return;
      var p = at(e);
      var r = [Math.min(start[0], p[0]), Math.min(start[1], p[1]), Math.abs(p[0] - start[0]), Math.abs(p[1] - start[1])];
      current.style.left = r[0] * 100 + "%"; current.style.top = r[1] * 100 + "%";
      current.style.width = r[2] * 100 + "%"; current.style.height = r[3] * 100 + "%";
    });
    frame.addEventListener("pointerup", function (e) {
      if (!start) return;
      var p = at(e);
      var x = round(Math.min(start[0], p[0])), y = round(Math.min(start[1], p[1]));
      var w = round(Math.abs(p[0] - start[0])), h = round(Math.abs(p[1] - start[1]));
      start = null;
      if (w < 0.01 || h < 0.01) { current.remove(); return; }  // a tap, not a drag
      text.value = (text.value.trim() ? text.value.trim() + "\n" : "") + [x, y, w, h].join(",");
    });
  });
})();
