// Record pages: a print button, an "open all sections" button, and every
// collapsed section opened before printing so the paper copy is complete.
(function () {
  "use strict";
  function openAll() {
    document.querySelectorAll("details").forEach(function (el) { el.open = true; });
  }
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll(".js-expand-all").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", openAll);
  });
  window.addEventListener("beforeprint", openAll);
})();
