// Slide deck navigation. Reading needs no JavaScript; this only adds presenting.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  if (!slides.length) { return; }
  var body = document.body;
  var counter = document.querySelector(".deck-counter");
  var index = 0;
  body.classList.add("js");

  // The print test opens the deck with #kiem-tra: lay slides out at printed size and report
  // every slide whose content does not fit.
  if (location.hash === "#kiem-tra") {
    body.classList.add("print-size");
    var overflowing = slides.filter(function (s) {
      var parts = s.querySelectorAll(".slide-text, .slide-visual, .slide-title, .slide-subtitle");
      return s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1 ||
        Array.prototype.some.call(parts, function (p) { return p.scrollHeight > p.clientHeight + 1; });
    }).map(function (s) { return s.id; });
    body.setAttribute("data-slides", String(slides.length));
    body.setAttribute("data-overflow", overflowing.join(","));
    return;
  }

  function fromHash() {
    var n = parseInt(location.hash.slice(1), 10);
    return n >= 1 && n <= slides.length ? n - 1 : 0;
  }
  function show(i) {
    index = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach(function (s, j) { s.classList.toggle("current", j === index); });
    counter.textContent = (index + 1) + " / " + slides.length;
    if (location.hash !== "#" + (index + 1)) { history.replaceState(null, "", "#" + (index + 1)); }
  }
  function present(on) {
    body.classList.toggle("presenting", on);
    if (on) { show(fromHash()); }
  }
  function fullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
  }
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var key = e.key;
    if (!body.classList.contains("presenting")) {
      if (key === "f" || key === "F") { present(true); fullscreen(); e.preventDefault(); }
      return;
    }
    if (key === "ArrowRight" || key === "PageDown" || key === " " || key === "ArrowDown") { show(index + 1); }
    else if (key === "ArrowLeft" || key === "PageUp" || key === "ArrowUp") { show(index - 1); }
    else if (key === "Home") { show(0); }
    else if (key === "End") { show(slides.length - 1); }
    else if (key === "f" || key === "F") { fullscreen(); }
    else if (key === "Escape") { present(false); }
    else { return; }
    e.preventDefault();
  });
  window.addEventListener("hashchange", function () {
    if (body.classList.contains("presenting")) { show(fromHash()); }
  });
  document.getElementById("deck-present").addEventListener("click", function () { present(true); });
  document.getElementById("deck-print").addEventListener("click", function () { window.print(); });
  // A link to a slide (#5) opens the deck presenting that slide.
  if (/^#\d+$/.test(location.hash)) { present(true); }
})();
