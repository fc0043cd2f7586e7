/* IGeL graph views: draws the precomputed view data with vis-network, no network access.
 *
 * The page embeds its data as JSON (#view-data): nodes with positions computed on the
 * server, facets for the filters, colours per colour mode, sizes per metric, tooltip
 * lines and the URL a click opens. The state of the controls lives in the URL's hash,
 * so a link (and the language switch) reproduces what someone saw.
 * window.igelView exposes the network and counters for tests and the benchmark.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("view-data").textContent);
  var state = { colour: data.colourModes[0], size: data.defaultSize, off: {}, hops: data.hops || null };
  var t0 = performance.now();

  function norm(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function readHash() {
    var h = decodeURIComponent(location.hash.replace(/^#/, ""));
    h.split("&").forEach(function (part) {
      var kv = part.split("="), k = kv[0], v = kv.slice(1).join("=");
      if (!v) return;
      if (k === "colour" && data.colourModes.indexOf(v) >= 0) state.colour = v;
      if (k === "size" && data.sizeModes.indexOf(v) >= 0) state.size = v;
      if (k === "hops" && data.maxHop) state.hops = Math.max(1, Math.min(data.maxHop, parseInt(v, 10) || 1));
      if (k === "off") v.split(",").forEach(function (fv) {
        var i = fv.indexOf(":");
        if (i > 0) (state.off[fv.slice(0, i)] = state.off[fv.slice(0, i)] || {})[fv.slice(i + 1)] = true;
      });
    });
  }

  function hashString() {
    var off = [];
    Object.keys(state.off).forEach(function (f) {
      Object.keys(state.off[f]).forEach(function (v) { if (state.off[f][v]) off.push(f + ":" + v); });
    });
    var parts = ["colour=" + state.colour, "size=" + state.size];
    if (state.hops) parts.push("hops=" + state.hops);
    if (off.length) parts.push("off=" + off.join(","));
    return "#" + parts.join("&");
  }

  function writeHash() {
    var h = hashString();
    history.replaceState(null, "", location.pathname + location.search + h);
    document.querySelectorAll("a.lang-link").forEach(function (a) {
      a.href = a.href.split("#")[0] + h;
    });
  }

  // one tooltip element for the page, filled on hover: building one element per node
  // up front costs seconds on large views
  var tipBox = document.createElement("div");
  tipBox.className = "vis-tooltip";
  tipBox.setAttribute("role", "tooltip");
  document.getElementById("network").appendChild(tipBox);

  function tooltip(n) {
    var box = document.createElement("div");
    box.className = "tip";
    var h = document.createElement("strong");
    h.textContent = n.label;
    box.appendChild(h);
    (n.tip || []).forEach(function (line) {
      var row = document.createElement("div");
      var k = document.createElement("span");
      k.className = "tip-key";
      k.textContent = line[0] + ": ";
      row.appendChild(k);
      row.appendChild(document.createTextNode(line[1]));
      box.appendChild(row);
    });
    if (n.url) {
      var hint = document.createElement("div");
      hint.className = "tip-hint";
      hint.textContent = data.ui.click;
      box.appendChild(hint);
    }
    return box;
  }

  var SHAPES = { broker: "diamond", aggregate: "square", center: "star", gap: "triangle" };

  function visNode(n) {
    var colour = n.c[state.colour] || "#6b6b6b";
    return {
      id: n.id, label: n.label, x: n.x, y: n.y,
      shape: SHAPES[n.mk] || "dot",
      size: n.s[state.size] || 12,
      color: { background: colour, border: n.mk === "broker" ? "#1d2330" : colour,
               highlight: { background: colour, border: "#1d2330" },
               hover: { background: colour, border: "#1d2330" } },
      borderWidth: n.mk === "broker" ? 4 : 1,
      font: { color: "#1d2330", size: big ? 14 : 18, strokeWidth: 4, strokeColor: "#ffffff" },
      hidden: !nodeShown(n)
    };
  }

  function visEdge(e, i) {
    var st = data.edgeStyles[e.r] || {};
    var w = st.width || 1;
    if (e.w && e.w !== 1 && (e.r === "collaboration" || e.r === "shared_actor")) w = Math.min(8, w * Math.sqrt(e.w));
    return {
      id: "e" + i, from: e.from, to: e.to, width: w, dashes: st.dashes || false,
      arrows: st.arrows ? { to: { enabled: true, scaleFactor: 0.6 } } : undefined,
      color: { color: st.color || "#8a93a6", highlight: "#1d2330", hover: "#1d2330", opacity: 0.9 },
      hidden: !edgeShown(e)
    };
  }

  var big = data.nodes.length > 400;
  function nodeShown(n) {
    var show = true;
    data.facets.forEach(function (f) {
      if (f.on !== "node" || !show) return;
      var vals = n.f[f.key] || [], off = state.off[f.key] || {};
      if (!vals.length) return;
      show = vals.some(function (v) { return !off[v]; });
    });
    if (show && state.hops && n.hop != null && n.hop > state.hops) show = false;
    return show;
  }
  var shownNow = {};
  function edgeShown(e) {
    var offRel = state.off.relation || {};
    return !offRel[e.r] && shownNow[e.from] !== false && shownNow[e.to] !== false;
  }

  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  readHash();
  data.nodes.forEach(function (n) { shownNow[n.id] = nodeShown(n); });
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var edgeState = data.edges.map(edgeShown);
  var options = {
    physics: { enabled: !!data.physics, stabilization: { iterations: 150 } },
    layout: { improvedLayout: false },
    interaction: { hover: true, hoverConnectedEdges: !big, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   navigationButtons: false, keyboard: false, multiselect: false },
    edges: { smooth: false, selectionWidth: 1.5 },
    nodes: { scaling: { label: { drawThreshold: big ? 7 : 3 } } }
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  var api = window.igelView = {
    network: network, nodes: nodes, edges: edges, data: data, ready: false, drawnNodes: 0,
    interactiveMs: null,
    visibleNodeIds: function () {
      return nodes.get({ filter: function (n) { return !n.hidden; }, fields: ["id"] }).map(function (n) { return n.id; });
    },
    canvasPosition: function (id) {
      var p = network.getPositions([id])[id];
      var d = network.canvasToDOM(p);
      var r = container.getBoundingClientRect();
      return { x: r.left + d.x, y: r.top + d.y };
    }
  };

  network.on("afterDrawing", function () {
    var count = 0, ids = network.body.nodeIndices;
    for (var i = 0; i < ids.length; i++) {
      var bn = network.body.nodes[ids[i]];
      if (bn && !bn.options.hidden) count++;
    }
    api.drawnNodes = count;
    if (!api.ready) {
      api.ready = true;
      api.interactiveMs = performance.now() - t0;
      api.readyAt = performance.now();  // milliseconds since navigation start
      document.body.setAttribute("data-ready", "true");
    }
  });

  network.on("hoverNode", function (p) {
    var n = byId[p.node];
    if (!n) return;
    tipBox.innerHTML = "";
    tipBox.appendChild(tooltip(n));
    var r = container.getBoundingClientRect();
    tipBox.style.left = Math.min(p.event.clientX - r.left + 14, r.width - 260) + "px";
    tipBox.style.top = (p.event.clientY - r.top + 14) + "px";
    tipBox.style.visibility = "visible";
  });
  network.on("blurNode", function () { tipBox.style.visibility = "hidden"; });
  network.on("hoverEdge", function (p) {
    var e = data.edges[parseInt(String(p.edge).slice(1), 10)];
    if (!e || !e.t) return;
    tipBox.textContent = e.t;
    var r = container.getBoundingClientRect();
    tipBox.style.left = Math.min(p.event.clientX - r.left + 14, r.width - 260) + "px";
    tipBox.style.top = (p.event.clientY - r.top + 14) + "px";
    tipBox.style.visibility = "visible";
  });
  network.on("blurEdge", function () { tipBox.style.visibility = "hidden"; });
  network.on("dragStart", function () { tipBox.style.visibility = "hidden"; });

  network.on("click", function (p) {
    if (!p.nodes.length) return;
    var n = byId[p.nodes[0]];
    if (n && n.url) window.location.href = n.url;
  });

  // --- filters: a node shows when, for every node facet, it has no value there or one
  // of its values is checked; an edge shows when its relation is checked and both ends show
  function applyFilters() {
    var updates = [], shown = 0;
    data.nodes.forEach(function (n) {
      var show = nodeShown(n);
      if (show) shown++;
      if (show !== shownNow[n.id]) updates.push({ id: n.id, hidden: !show });
      shownNow[n.id] = show;
    });
    var eUpdates = [];
    data.edges.forEach(function (e, i) {
      var show = edgeShown(e);
      if (show !== edgeState[i]) eUpdates.push({ id: "e" + i, hidden: !show });
      edgeState[i] = show;
    });
    if (updates.length) nodes.update(updates);
    if (eUpdates.length) edges.update(eUpdates);
    document.getElementById("filter-status").textContent =
      data.ui.shown.replace("{n}", shown).replace("{total}", data.nodes.length);
    writeHash();
  }

  function applyStyle() {
    nodes.update(data.nodes.map(function (n) {
      var colour = n.c[state.colour] || "#6b6b6b";
      return { id: n.id, size: n.s[state.size] || 12,
               color: { background: colour, border: n.mk === "broker" ? "#1d2330" : colour,
                        highlight: { background: colour, border: "#1d2330" },
                        hover: { background: colour, border: "#1d2330" } } };
    }));
    document.querySelectorAll(".legend-list[data-mode]").forEach(function (ul) {
      ul.hidden = ul.getAttribute("data-mode") !== state.colour;
    });
    writeHash();
  }

  // --- controls
  document.querySelectorAll("input[type=checkbox][data-facet]").forEach(function (box) {
    var f = box.getAttribute("data-facet");
    box.checked = !(state.off[f] && state.off[f][box.value]);
    box.addEventListener("change", function () {
      (state.off[f] = state.off[f] || {})[box.value] = !box.checked;
      applyFilters();
    });
  });
  document.querySelectorAll("button.all, button.none").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var f = btn.getAttribute("data-facet"), on = btn.classList.contains("all");
      document.querySelectorAll("input[type=checkbox][data-facet='" + f + "']").forEach(function (box) {
        box.checked = on;
        (state.off[f] = state.off[f] || {})[box.value] = !on;
      });
      applyFilters();
    });
  });
  var colourSel = document.getElementById("colour-mode"), sizeSel = document.getElementById("size-mode");
  colourSel.value = state.colour;
  sizeSel.value = state.size;
  colourSel.addEventListener("change", function () { state.colour = colourSel.value; applyStyle(); });
  sizeSel.addEventListener("change", function () { state.size = sizeSel.value; applyStyle(); });
  var hops = document.getElementById("hops");
  if (hops) {
    hops.value = state.hops;
    hops.addEventListener("input", function () {
      var v = parseInt(hops.value, 10);
      if (v >= 1 && v <= data.maxHop) { state.hops = v; applyFilters(); }
    });
  }

  // --- search: every node whose label contains the text; the first is selected and
  // centred, each result has a button to show it and a link to its page
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = norm(document.getElementById("view-search").value.trim());
    var list = document.getElementById("search-results");
    list.innerHTML = "";
    if (!q) return;
    var hits = data.nodes.filter(function (n) { return norm(n.label).indexOf(q) >= 0; });
    hits.sort(function (a, b) { return norm(a.label).indexOf(q) - norm(b.label).indexOf(q) || a.label.length - b.label.length; });
    document.getElementById("search-status").textContent =
      hits.length ? data.ui.found.replace("{n}", hits.length) : data.ui.notFound;
    hits.slice(0, 15).forEach(function (n) {
      var li = document.createElement("li");
      var show = document.createElement("button");
      show.type = "button";
      show.className = "linkish";
      show.textContent = n.label;
      show.addEventListener("click", function () { focusNode(n.id); });
      li.appendChild(show);
      if (n.url) {
        var a = document.createElement("a");
        a.href = n.url;
        a.className = "open";
        a.textContent = data.ui.open;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(a);
      }
      list.appendChild(li);
    });
    if (hits.length) focusNode(hits[0].id);
  });

  function focusNode(id) {
    var n = nodes.get(id);
    if (n && n.hidden) {
      document.getElementById("search-status").textContent = data.ui.hiddenHit;
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    api.selected = id;
  }
  api.focusNode = focusNode;

  network.once("afterDrawing", function () { network.fit({ animation: false }); });
  applyFilters();  // nodes were built with the state of the URL: this only writes the status
  document.querySelectorAll(".legend-list[data-mode]").forEach(function (ul) {
    ul.hidden = ul.getAttribute("data-mode") !== state.colour;
  });
})();
