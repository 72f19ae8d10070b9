// Enhancements only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen reader and keyboard users hear what went wrong.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  // A live count of the characters left; the limit itself is stated in each field's hint.
  var fields = document.querySelectorAll("textarea[maxlength][data-counter]");
  Array.prototype.forEach.call(fields, function (field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    var counter = document.createElement("p");
    counter.className = "form-text character-count";
    counter.id = field.id + "-count";
    counter.setAttribute("aria-live", "polite");
    var update = function () {
      var left = limit - field.value.length;
      counter.textContent = left + (left === 1 ? " character" : " characters") + " left";
    };
    field.insertAdjacentElement("afterend", counter);
    update();
    field.addEventListener("input", update);
  });
})();
