/* The ROC (民國) reading beside an admin date field follows what is typed or picked. */
(function () {
  "use strict";
  function update(input) {
    var hint = document.querySelector('.roc-hint[data-roc-for="' + input.id + '"]');
    if (!hint) return;
    var match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(input.value.trim());
    if (!match) { hint.textContent = ""; return; }
    var year = parseInt(match[1], 10) - 1911;
    var text = year > 0 ? "民國 " + year + " 年 " : "民國前 " + (1 - year) + " 年 ";
    hint.textContent = text + parseInt(match[2], 10) + " 月 " + parseInt(match[3], 10) + " 日";
  }
  ["change", "input"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.classList && event.target.classList.contains("vDateField")) update(event.target);
    });
  });
  /* The calendar and "Today" shortcuts set the value without an input event. */
  document.addEventListener("click", function () {
    window.setTimeout(function () {
      document.querySelectorAll("input.vDateField").forEach(update);
    }, 0);
  });
})();
