/* fixloop: drawn signatures on canvas (pointer events) copied into the form's hidden field on submit. */
(function () {
  "use strict";
  function setUp(form) {
    var canvas = form.querySelector("canvas");
    var hidden = form.querySelector('input[name$="signature"]');
    if (!canvas || !hidden) return;
    var ctx = canvas.getContext("2d");
    var drawing = false, drawn = false;
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.strokeStyle = "#111";
    function point(e) {
      var r = canvas.getBoundingClientRect();
      return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
    }
    canvas.addEventListener("pointerdown", function (e) {
      drawing = true; var p = point(e); ctx.beginPath(); ctx.moveTo(p.x, p.y);
      if (canvas.setPointerCapture) { try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* synthetic */ } }
      e.preventDefault();
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return; var p = point(e); ctx.lineTo(p.x, p.y); ctx.stroke(); drawn = true; e.preventDefault();
    });
    ["pointerup", "pointerleave", "pointercancel"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });
    var clear = form.querySelector("[data-clear-signature]");
    if (clear) clear.addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; hidden.value = "";
    });
    form.addEventListener("submit", function () { hidden.value = drawn ? canvas.toDataURL("image/png") : ""; });
  }
  function init() { document.querySelectorAll("form[data-signature]").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
