/* Behaviour of every page that would otherwise sit in inline event handlers, which the
   Content-Security-Policy forbids (coalicion/settings/base.py, "Browser policies").
   - A <select data-submit-on-change> submits its form when its value changes (the language
     switch in base.html; without JavaScript its <noscript> button does it).
   Listeners are delegated from the document, so content swapped in by htmx needs nothing. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
      field.form.submit();
    }
  });
}());
