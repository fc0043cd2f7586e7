/* Gap report: a changed filter applies at once (the form works without this script, as
   plain GET parameters; the state stays in the URL either way). */
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) return;
  form.addEventListener("change", function () { form.submit(); });
})();
