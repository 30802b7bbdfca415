// The collaboration guide's small enhancements. No inline scripts, so a strict CSP needs no unsafe-inline.
(function () {
  "use strict";
  // A 422 carries the question again with its error message: swap it in like a 200.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // After an answer with errors, move focus to the error summary so it is read out.
  document.addEventListener("htmx:afterSettle", function (event) {
    var summary = event.detail.target && document.querySelector("#wizard .ds-error-summary");
    if (summary) { summary.focus(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
