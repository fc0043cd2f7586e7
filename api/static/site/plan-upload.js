// The upload page: check the workbook first (dry run), show every problem, then import.
(function () {
  "use strict";
  const texts = JSON.parse(document.getElementById("upload-texts").textContent);
  const form = document.getElementById("upload-form");
  const importButton = document.getElementById("import");
  const report = document.getElementById("report");
  const title = document.getElementById("report-title");
  const lines = document.getElementById("report-lines");
  const next = document.getElementById("report-next");

  function show(heading, items, link) {
    report.hidden = false;
    title.textContent = heading;
    lines.replaceChildren(...items.map((text) => { const li = document.createElement("li"); li.textContent = text; return li; }));
    next.replaceChildren();
    for (const [href, label] of link || []) {
      const a = document.createElement("a");
      a.href = href + (href.includes("?") ? "&" : "?") + "lang=" + texts.lang;
      a.textContent = label;
      next.append(a, " ");
    }
  }

  async function send(dryRun) {
    const file = document.getElementById("workbook").files[0];
    if (!file) return;
    const body = new FormData();
    body.append("file", file);
    const params = new URLSearchParams({ dry_run: dryRun ? "true" : "false" });
    const version = document.getElementById("version").value.trim();
    if (version) params.set("version", version);
    const answer = await fetch("/api/plans/import?" + params, {
      method: "POST",
      body,
      headers: { Authorization: "Bearer " + document.getElementById("token").value },
    });
    const data = await answer.json();
    if (answer.status === 422 && data.errors) {
      importButton.disabled = true;
      show(texts.problems + " " + data.errors.length, data.errors.map((e) => e.message));
    } else if (!answer.ok) {
      importButton.disabled = true;
      show(texts.failed + " " + answer.status, [data.message || data.detail || ""]);
    } else if (dryRun) {
      importButton.disabled = false;
      show(texts.valid, [data.plan + " — " + data.triples + " triples"].concat(data.actor_matches || []));
    } else {
      importButton.disabled = true;
      show(texts.imported + " " + data.version + " (" + data.label + ")", [data.plan].concat(data.actor_matches || []),
           [[data.pages.plan, texts.open], [data.pages.versions, texts.versions]]);
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); send(true); });
  importButton.addEventListener("click", () => send(false));
})();
