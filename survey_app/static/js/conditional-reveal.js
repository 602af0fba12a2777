/* Conditional reveal: progressive enhancement of "please specify" boxes (GOV.UK pattern).
   Without JavaScript every box is visible and labelled; typing in one selects its option
   on the server. With JavaScript a box is shown only while its option is selected (or
   while it still holds text). Written for this project; no dependencies. */
(function () {
  "use strict";
  function sync(input) {
    var box = document.getElementById(input.getAttribute("aria-controls"));
    if (!box) { return; }
    var field = box.querySelector("input, textarea");
    var show = input.checked || (field && field.value.trim() !== "");
    // No aria-expanded: roles radio and checkbox do not support it (axe aria-allowed-attr;
    // GOV.UK Frontend dropped it too). aria-controls still ties the box to its option.
    box.classList.toggle("choices__conditional--hidden", !show);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var inputs = document.querySelectorAll("input[data-aria-controls]");
    Array.prototype.forEach.call(inputs, function (input) {
      input.setAttribute("aria-controls", input.getAttribute("data-aria-controls"));
      input.removeAttribute("data-aria-controls");
      sync(input);
      var group = document.querySelectorAll('input[name="' + input.name + '"]');
      Array.prototype.forEach.call(group, function (other) {
        other.addEventListener("change", function () { sync(input); });
      });
    });
  });
})();
