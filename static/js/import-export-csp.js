/* The export form's "Select all" box, without an inline handler (the CSP forbids
 * those): call django-import-export's own onSelectToggleChange on change. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (
      target.classList &&
      target.classList.contains("select-toggle") &&
      typeof window.onSelectToggleChange === "function"
    ) {
      window.onSelectToggleChange(event);
    }
  });
})();
