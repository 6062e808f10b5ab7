// Irreversible steps ask first: a submit button (or its form) with data-confirm="…" submits only
// after the user agrees. No inline scripts: the question is the attribute's text, set by the template.
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    var question = (button && button.getAttribute("data-confirm")) || e.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
})();
