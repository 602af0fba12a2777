/* Character count: progressive enhancement of free-text answers (GOV.UK pattern).
   Without JavaScript the hint states the limit and the server enforces it.
   Written for this project; no dependencies. Licence: as the repository. */
(function () {
  "use strict";
  function update(field, status) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    // Count characters (code points) as the server does: an emoji is one, not two UTF-16 units.
    var used = Array.from(field.value.replace(/\r\n/g, "\n").trim()).length;
    var left = limit - used;
    // Easy read gives its own words ("{n} more letters and spaces") in data-count-left/-over.
    var words = status.getAttribute(left >= 0 ? "data-count-left" : "data-count-over");
    if (words) {
      status.textContent = words.replace("{n}", String(Math.abs(left)));
      status.classList.toggle("character-count__status--error", left < 0);
    } else if (left >= 0) {
      status.textContent = "You have " + left + " character" + (left === 1 ? "" : "s") + " remaining";
      status.classList.remove("character-count__status--error");
    } else {
      status.textContent = "You have " + -left + " character" + (left === -1 ? "" : "s") + " too many";
      status.classList.add("character-count__status--error");
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var fields = document.querySelectorAll("[data-maxlength]");
    Array.prototype.forEach.call(fields, function (field) {
      var status = document.querySelector('[data-count-for="' + field.id + '"]');
      if (!status) { return; }
      var timer = null;
      // Update the live region after typing pauses, so screen readers are not flooded.
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { update(field, status); }, 400);
      });
    });
  });
})();
