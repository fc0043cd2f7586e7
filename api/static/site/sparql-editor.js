/* SPARQL editor: runs the query against /sparql (same origin), shows the rows as a
   table and keeps the CSV/JSON download links in step with the text. No library. */
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  var area = document.getElementById("query");
  var status = document.getElementById("sparql-status");
  var out = document.getElementById("sparql-results");
  var examples = JSON.parse(document.getElementById("examples").textContent);
  var offline = location.protocol === "file:";
  if (offline) document.getElementById("offline-note").hidden = false;

  function syncLinks() {
    var q = encodeURIComponent(area.value);
    document.getElementById("dl-csv").href = "/sparql?format=csv&query=" + q;
    document.getElementById("dl-json").href = "/sparql?format=json&query=" + q;
  }
  document.getElementById("example").addEventListener("change", function (ev) {
    var ex = examples.filter(function (e) { return e.name === ev.target.value; })[0];
    document.getElementById("example-desc").textContent = ex ? ex.description : "";
    if (ex) area.value = ex.sparql;
    syncLinks();
  });
  area.addEventListener("input", syncLinks);
  syncLinks();

  function cell(term) {
    var td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      var a = document.createElement("a");
      var local = term.value.replace(/^https:\/\/w3id\.org\/igel\//, "/");
      a.href = local.charAt(0) === "/" ? local : term.value;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (offline) { status.textContent = document.getElementById("offline-note").textContent; return; }
    status.textContent = "…";
    fetch("/sparql", { method: "POST", body: new URLSearchParams({ query: area.value }),
                       headers: { "Accept": "application/sparql-results+json" } })
      .then(function (r) {
        if (!r.ok) return r.text().then(function (t) { throw new Error(r.status + ": " + t.slice(0, 400)); });
        return r.json();
      })
      .then(function (data) {
        out.innerHTML = "";
        if (typeof data.boolean === "boolean") { status.textContent = String(data.boolean); return; }
        var vars = data.head.vars, rows = data.results.bindings;
        var table = document.createElement("table"), head = document.createElement("tr");
        vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
        var thead = document.createElement("thead"); thead.appendChild(head); table.appendChild(thead);
        var tbody = document.createElement("tbody");
        rows.forEach(function (b) {
          var tr = document.createElement("tr");
          vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
          tbody.appendChild(tr);
        });
        table.appendChild(tbody);
        out.appendChild(table);
        status.textContent = rows.length + " rows";
      })
      .catch(function (e) { status.textContent = e.message; });
  });
})();
