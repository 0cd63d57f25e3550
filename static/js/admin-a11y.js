/* Accessible names for the admin's Select2 autocomplete widgets.
 *
 * Django's autocomplete fields hide the real <select> (which has a <label>) and show
 * Select2's own combobox, which has no accessible name. Give each Select2 control
 * the text of the original field's label, also for inline rows added later.
 */
(function () {
  "use strict";

  function labelText(select) {
    if (!select.id) {
      return "";
    }
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      return label.textContent.replace(/[:：]\s*$/, "").trim();
    }
    return select.getAttribute("aria-label") || "";
  }

  function nameSelect2(select) {
    var container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) {
      return;
    }
    var text = labelText(select);
    if (!text) {
      return;
    }
    container.querySelectorAll(
      ".select2-selection, .select2-selection__rendered, .select2-search__field"
    ).forEach(function (element) {
      if (!element.getAttribute("aria-label")) {
        element.setAttribute("aria-label", text);
      }
    });
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(nameSelect2);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    var pending = false;
    new MutationObserver(function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          nameAll();
        });
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
