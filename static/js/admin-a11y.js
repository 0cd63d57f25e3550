/* Accessible names in the admin where Django's markup has none.
 *
 * - Autocomplete fields hide the real <select> (which has a <label>) and show
 *   Select2's own combobox, which has no accessible name: give each Select2 control
 *   the text of the original field's label, and the open combobox the aria-controls
 *   that ARIA 1.2 requires.
 * - Tabular inlines label their inputs only with the column header: copy the header
 *   text into each input's aria-label.
 * Also for inline rows added later (a MutationObserver re-runs it).
 */
(function () {
  "use strict";

  function clean(text) {
    return text.replace(/[:：]\s*$/, "").replace(/\s+/g, " ").trim();
  }

  function columnHeader(field) {
    var cell = field.closest("td");
    var table = field.closest("table");
    if (!cell || !table) {
      return "";
    }
    var name = Array.prototype.find.call(cell.classList, function (c) {
      return c.indexOf("field-") === 0;
    });
    var header = name && table.querySelector("thead th.column-" + name.slice(6));
    if (header) {
      return clean(header.textContent);
    }
    // Columns without a field class (the "Delete?" box): the header above the cell.
    var position = 0;
    for (var i = 0; i < cell.cellIndex; i += 1) {
      position += cell.parentElement.cells[i].colSpan;
    }
    var column = 0;
    var headers = table.querySelectorAll("thead tr:last-child th");
    for (var j = 0; j < headers.length; j += 1) {
      if (column === position) {
        return clean(headers[j].textContent);
      }
      column += headers[j].colSpan;
    }
    return "";
  }

  function labelText(field) {
    if (field.id) {
      var label = document.querySelector('label[for="' + field.id + '"]');
      if (label && clean(label.textContent)) {
        return clean(label.textContent);
      }
    }
    return field.getAttribute("aria-label") || columnHeader(field);
  }

  function nameTabularField(field) {
    if (field.type === "hidden" || field.getAttribute("aria-label")) {
      return;
    }
    if (field.id && document.querySelector('label[for="' + field.id + '"]')) {
      return;
    }
    var text = columnHeader(field);
    if (text) {
      field.setAttribute("aria-label", text);
    }
  }

  function syncControls(combobox) {
    var owns = combobox.getAttribute("aria-owns");
    if (owns) {
      combobox.setAttribute("aria-controls", owns);
    } else if (combobox.getAttribute("aria-controls")) {
      combobox.removeAttribute("aria-controls");
    }
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

  function nameDropdownSearch(input) {
    // The open dropdown's search box names its results list "select2-<id>-results".
    var match = /^select2-(.+)-results$/.exec(input.getAttribute("aria-controls") || "");
    var select = match && document.getElementById(match[1]);
    var text = select && labelText(select);
    if (text && !input.getAttribute("aria-label")) {
      input.setAttribute("aria-label", text);
    }
  }

  function nameAll() {
    document.querySelectorAll(".tabular td input, .tabular td select, .tabular td textarea")
      .forEach(nameTabularField);
    document.querySelectorAll("select.admin-autocomplete").forEach(nameSelect2);
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(syncControls);
    document.querySelectorAll(".select2-dropdown .select2-search__field").forEach(
      nameDropdownSearch
    );
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
    }).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-controls", "aria-owns"]
    });
  });
})();
