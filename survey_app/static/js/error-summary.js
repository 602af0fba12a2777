/* Error summary links (GOV.UK pattern): a link moves focus to its field, as the anchor does
   without JavaScript, and scrolls so that the question (the fieldset's legend, or the field's
   label) is in view above it, not cut off at the top of the screen. Written for this project;
   no dependencies. */
(function () {
  "use strict";
  function questionOf(field) {
    var fieldset = field.closest("fieldset");
    if (fieldset) {
      var legend = fieldset.querySelector("legend");
      if (legend) { return legend; }
    }
    return field.id ? document.querySelector('label[for="' + field.id + '"]') : null;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".error-summary a[href^='#']") : null;
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) { return; }
    event.preventDefault();
    var question = questionOf(field) || field;
    question.scrollIntoView();
    window.scrollBy(0, -16);  // a little space above the question
    if (field.getBoundingClientRect().bottom > window.innerHeight) {
      field.scrollIntoView({ block: "center" });  // a long question: the field itself must show
    }
    field.focus({ preventScroll: true });
  });
})();
