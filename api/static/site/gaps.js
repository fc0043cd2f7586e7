/* Gap report filters. Without this script the form is plain GET parameters and the
   server filters. With it, a changed filter applies at once: on the server by loading the
   filtered page (the state stays in the URL); opened from disk (the static export, where
   a file ignores its parameters) by hiding the findings that do not match, with the
   state written into the URL too. */
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) return;
  var names = ["severity", "kind", "field", "actor"];

  function current() {
    var state = {};
    names.forEach(function (n) { state[n] = form.elements[n].value; });
    return state;
  }

  function applyHere(state) {
    var shown = 0;
    document.querySelectorAll("article[data-kind]").forEach(function (el) {
      var ok = names.every(function (n) {
        if (!state[n]) return true;
        var values = (el.getAttribute("data-" + n) || "").split(" ");
        return values.indexOf(state[n]) >= 0;
      });
      el.hidden = !ok;
      if (ok) shown += 1;
    });
    // a kind, or a group, with nothing left to show is hidden with its heading
    document.querySelectorAll(".finding-group section[id], .finding-group").forEach(function (sec) {
      sec.hidden = sec.querySelectorAll("article[data-kind]:not([hidden])").length === 0;
    });
    document.getElementById("shown-count").textContent = String(shown);
    document.getElementById("no-match").hidden = shown > 0;
  }

  if (location.protocol === "file:") {
    var params = new URLSearchParams(location.search);
    names.forEach(function (n) { if (params.get(n)) form.elements[n].value = params.get(n); });
    applyHere(current());
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("change", function () {
      var state = current(), q = new URLSearchParams();
      names.forEach(function (n) { if (state[n]) q.set(n, state[n]); });
      history.replaceState(null, "", location.pathname + (q.toString() ? "?" + q : ""));
      applyHere(state);
    });
  } else {
    form.addEventListener("change", function () { form.submit(); });
  }
})();
