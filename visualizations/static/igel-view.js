/* IGeL graph explorer: draws the precomputed view data with vis-network, no network access.
 *
 * The page embeds its data as JSON (#view-data): nodes with positions computed on the
 * server (labels already kept apart), facets for the filters, colours per colour mode,
 * sizes per metric, search terms, and the detail panel's data of every node and edge
 * (nothing is fetched per click, so the static export works from disk).
 * The URL's hash is the state: colour and size modes, filters, focus and its depth, the
 * selection, highlights and the tour step; a copied link reproduces what someone saw.
 * window.igelView exposes the network and helpers for tests and the benchmark.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("view-data").textContent);
  var ui = data.ui;
  var t0 = performance.now();
  var LABEL_FONT = 16, LABEL_WIDTH = 200;  // as visualizations/layout.py assumes
  var state;

  function freshState() {
    return { colour: data.defaultColour || data.colourModes[0], size: data.defaultSize, off: {}, hops: data.hops || null,
             sel: null, focus: null, depth: 1, hl: [], tour: null, step: 0 };
  }
  state = freshState();

  function norm(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // --- the URL is the state ----------------------------------------------------------
  function readHash() {
    state = freshState();
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var i = part.indexOf("="), k = part.slice(0, i), raw = part.slice(i + 1);
      if (i < 0 || !raw) return;
      var v = decodeURIComponent(raw);
      if (k === "colour" && data.colourModes.indexOf(v) >= 0) state.colour = v;
      if (k === "size" && data.sizeModes.indexOf(v) >= 0) state.size = v;
      if (k === "hops" && data.maxHop) state.hops = Math.max(1, Math.min(data.maxHop, parseInt(v, 10) || 1));
      if (k === "sel" && byId[v]) state.sel = v;
      if (k === "sel" && /^e\d+$/.test(v) && data.edges[parseInt(v.slice(1), 10)]) state.sel = v;
      if (k === "focus" && byId[v]) state.focus = v;
      if (k === "depth") state.depth = Math.max(1, Math.min(3, parseInt(v, 10) || 1));
      if (k === "tour" && data.tours[v]) state.tour = v;
      if (k === "step") state.step = Math.max(0, (parseInt(v, 10) || 1) - 1);
      if (k === "hl") state.hl = raw.split(",").map(decodeURIComponent).filter(function (h) { return byId[h]; });
      if (k === "off") raw.split(",").map(decodeURIComponent).forEach(function (fv) {
        var j = fv.indexOf(":");
        if (j > 0) (state.off[fv.slice(0, j)] = state.off[fv.slice(0, j)] || {})[fv.slice(j + 1)] = true;
      });
    });
  }

  function hashString() {
    var off = [];
    Object.keys(state.off).forEach(function (f) {
      Object.keys(state.off[f]).forEach(function (v) { if (state.off[f][v]) off.push(encodeURIComponent(f + ":" + v).replace(/%3A/g, ":")); });
    });
    var parts = ["colour=" + state.colour, "size=" + state.size];
    if (state.hops) parts.push("hops=" + state.hops);
    if (off.length) parts.push("off=" + off.join(","));
    if (state.focus) parts.push("focus=" + encodeURIComponent(state.focus), "depth=" + state.depth);
    if (state.sel) parts.push("sel=" + encodeURIComponent(state.sel));
    if (state.hl.length) parts.push("hl=" + state.hl.map(encodeURIComponent).join(","));
    if (state.tour) parts.push("tour=" + state.tour, "step=" + (state.step + 1));
    return "#" + parts.join("&");
  }

  function writeHash() {
    var h = hashString();
    history.replaceState(null, "", location.pathname + location.search + h);
    document.querySelectorAll("a.lang-link").forEach(function (a) {
      a.href = a.href.split("#")[0] + h;
    });
  }

  // --- drawing -------------------------------------------------------------------------
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var big = data.nodes.length > 400;
  var MARKER_SHAPES = { broker: "diamond", aggregate: "square", center: "star", gap: "triangle" };
  var shownNow = {};
  var focusSet = null;

  function nodeColour(n) {
    var colour = n.c[state.colour] || "#6b6b6b";
    var strong = n.mk === "broker" || state.hl.indexOf(n.id) >= 0;
    return { background: colour, border: strong ? "#1d2330" : colour,
             highlight: { background: colour, border: "#1d2330" },
             hover: { background: colour, border: "#1d2330" } };
  }
  function borderWidth(n) {
    if (state.hl.indexOf(n.id) >= 0) return 6;
    return n.mk === "broker" ? 4 : 1;
  }
  function visNode(n) {
    return {
      id: n.id, label: n.label, x: n.x, y: n.y,
      shape: MARKER_SHAPES[n.mk] || n.shape || "dot",
      size: n.s[state.size] || 12,
      color: nodeColour(n), borderWidth: borderWidth(n),
      font: { color: "#1d2330", size: big ? 14 : LABEL_FONT, strokeWidth: 4, strokeColor: "#ffffff" },
      widthConstraint: { maximum: LABEL_WIDTH },
      hidden: !nodeShown(n)
    };
  }
  // an edge's own colour in the colour mode (collaboration by status), else its relation's
  function edgeColour(e) {
    var st = data.edgeStyles[e.r] || {};
    return (e.c && e.c[state.colour]) || st.color || "#8a93a6";
  }
  function visEdge(e, i) {
    var st = data.edgeStyles[e.r] || {};
    var w = st.width || 1;
    if (e.w && e.w !== 1 && (e.r === "collaboration" || e.r === "shared_actor")) w = Math.min(8, w * Math.sqrt(e.w));
    return {
      id: "e" + i, from: e.from, to: e.to, width: w, dashes: st.dashes || false,
      arrows: st.arrows ? { to: { enabled: true, scaleFactor: 0.6 } } : undefined,
      color: { color: edgeColour(e), highlight: "#1d2330", hover: "#1d2330", opacity: 0.9 },
      hidden: !edgeShown(e)
    };
  }

  function nodeShown(n) {
    var show = true;
    data.facets.forEach(function (f) {
      if (f.on !== "node" || !show) return;
      var vals = n.f[f.key] || [], off = state.off[f.key] || {};
      if (!vals.length) return;
      show = vals.some(function (v) { return !off[v]; });
    });
    if (show && state.hops && n.hop != null && n.hop > state.hops) show = false;
    if (show && focusSet && !focusSet[n.id]) show = false;
    return show;
  }
  function edgeShown(e) {
    var offRel = state.off.relation || {};
    return !offRel[e.r] && shownNow[e.from] !== false && shownNow[e.to] !== false;
  }

  // the neighbourhood of the focus node, ``depth`` steps over the edges the filters leave
  function neighbourhood(id, depth) {
    var adj = {};
    var offRel = state.off.relation || {};
    data.edges.forEach(function (e) {
      if (offRel[e.r]) return;
      (adj[e.from] = adj[e.from] || []).push(e.to);
      (adj[e.to] = adj[e.to] || []).push(e.from);
    });
    var seen = {}, frontier = [id];
    seen[id] = true;
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (u) {
        (adj[u] || []).forEach(function (v) { if (!seen[v]) { seen[v] = true; next.push(v); } });
      });
      frontier = next;
    }
    return seen;
  }

  readHash();
  if (state.focus) focusSet = neighbourhood(state.focus, state.depth);
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
  container.setAttribute("tabindex", "0");

  // one tooltip element, attached after vis-network has emptied the container (attached
  // before, it is removed with the rest and never shows)
  var tipBox = document.createElement("div");
  tipBox.className = "vis-tooltip";
  tipBox.id = "igel-tooltip";
  tipBox.setAttribute("role", "tooltip");
  container.appendChild(tipBox);

  var api = window.igelView = {
    network: network, nodes: nodes, edges: edges, data: data, ready: false, drawnNodes: 0,
    interactiveMs: null, layouts: 0,
    visibleNodeIds: function () {
      return nodes.get({ filter: function (n) { return !n.hidden; }, fields: ["id"] }).map(function (n) { return n.id; });
    },
    canvasPosition: function (id) {
      var p = network.getPositions([id])[id];
      var d = network.canvasToDOM(p);
      var r = container.getBoundingClientRect();
      return { x: r.left + d.x, y: r.top + d.y };
    },
    // label boxes of the visible nodes in canvas coordinates (the no-overlap test)
    labelBoxes: function () {
      return api.visibleNodeIds().map(function (id) {
        var s = network.body.nodes[id].labelModule.size;
        return { id: id, left: s.left, top: s.top, width: s.width, height: s.height };
      });
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

  // --- tooltips ------------------------------------------------------------------------
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
    var hint = document.createElement("div");
    hint.className = "tip-hint";
    hint.textContent = ui.click;
    box.appendChild(hint);
    return box;
  }
  function edgeText(e) {
    var parts = [byId[e.from] ? byId[e.from].label : e.from, "–", byId[e.to] ? byId[e.to].label : e.to];
    var lines = [parts.join(" ")];
    if (e.t) lines.push(e.t);
    (e.ms || []).forEach(function (m) { lines.push(data.names[m] ? data.names[m].label : m); });
    if (!e.t && !(e.ms || []).length) lines.push(data.relLabels[e.r] || e.r);
    return lines;
  }
  function placeTip(ev) {
    var r = container.getBoundingClientRect();
    tipBox.style.left = Math.max(0, Math.min(ev.clientX - r.left + 14, r.width - 280)) + "px";
    tipBox.style.top = Math.min(ev.clientY - r.top + 14, r.height - 60) + "px";
    tipBox.style.visibility = "visible";
  }
  network.on("hoverNode", function (p) {
    var n = byId[p.node];
    if (!n) return;
    tipBox.innerHTML = "";
    tipBox.appendChild(tooltip(n));
    placeTip(p.event);
  });
  network.on("hoverEdge", function (p) {
    var e = data.edges[parseInt(String(p.edge).slice(1), 10)];
    if (!e) return;
    tipBox.innerHTML = "";
    var box = document.createElement("div");
    box.className = "tip";
    edgeText(e).forEach(function (line, i) {
      var el = document.createElement(i ? "div" : "strong");
      el.textContent = line;
      box.appendChild(el);
    });
    tipBox.appendChild(box);
    placeTip(p.event);
  });
  function hideTip() { tipBox.style.visibility = "hidden"; }
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);

  // --- the detail panel ----------------------------------------------------------------
  var panel = document.getElementById("details"), body = document.getElementById("details-body");
  function el(tag, cls, textContent) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (textContent != null) x.textContent = textContent;
    return x;
  }
  function link(label, url) {
    if (!url) return el("span", null, label);
    var a = el("a", null, label);
    a.href = url;
    return a;
  }
  function section(heading) {
    var s = el("section", "detail-section");
    s.appendChild(el("h4", null, heading));
    return s;
  }
  function renderNode(n) {
    var d = data.details[n.id] || {};
    body.appendChild(el("h3", null, d.title || n.label));
    var type = d.type || ((n.tip || [])[0] || [])[1];
    if (type) body.appendChild(el("p", "muted", type));
    var actions = el("p", "detail-actions");
    if (n.xk || n.gk) {
      var gb = el("button", "linkish", n.xk ? ui.expand_group : ui.collapse_group);
      gb.type = "button";
      gb.id = "group-btn";
      gb.addEventListener("click", function () {
        var open = (data.expanded || []).filter(function (k) { return k !== n.gk; });
        if (n.xk) open.push(n.xk);
        regroup(open, n.xk ? n.url : null);
      });
      actions.appendChild(gb);
    }
    if (n.url && !n.xk) actions.appendChild(link(ui.open_page, n.url));
    var fb = el("button", "linkish", ui.focus);
    fb.type = "button";
    fb.addEventListener("click", function () { setFocus(n.id); });
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(fb);
    body.appendChild(actions);
    if (!d.sections) {
      (n.tip || []).forEach(function (line) { body.appendChild(el("p", null, line[0] + ": " + line[1])); });
    }
    (d.sections || []).forEach(function (sec) {
      var s = section(sec.h);
      s.setAttribute("data-key", sec.key);
      if (sec.text) s.appendChild(el("p", null, sec.text));
      if (sec.items) {
        var ul = el("ul");
        sec.items.forEach(function (it) {
          var li = el("li");
          li.appendChild(it.url ? link(it.label, it.url) : el("span", null, it.label));
          if (it.value != null) li.appendChild(el("span", "value", " " + it.value));
          if (it.note) li.appendChild(el("span", "muted", " · " + it.note));
          ul.appendChild(li);
        });
        s.appendChild(ul);
      }
      if (sec.quotes) {
        sec.quotes.forEach(function (q) {
          var fig = el("figure", "quote");
          fig.appendChild(el("blockquote", null, q.text));
          var cap = el("figcaption");
          cap.appendChild(link(q.label, q.url));
          fig.appendChild(cap);
          s.appendChild(fig);
        });
        if (sec.more && n.url) s.appendChild(link(ui.more_quotes.replace("{n}", sec.more), n.url));
      }
      body.appendChild(s);
    });
  }
  function renderEdge(i) {
    var e = data.edges[i];
    body.appendChild(el("h3", null, (byId[e.from] || {}).label + " – " + (byId[e.to] || {}).label));
    body.appendChild(el("p", "muted", ui.link + ": " + (data.relLabels[e.r] || e.r)));
    if (e.t) body.appendChild(el("p", null, e.t));
    var s = section(data.measuresHeading);
    if ((e.ms || []).length) {
      var ul = el("ul");
      e.ms.forEach(function (m) {
        var li = el("li");
        var nm = data.names[m] || { label: m };
        li.appendChild(link(nm.label, nm.url));
        ul.appendChild(li);
      });
      s.appendChild(ul);
    } else if (e.r === "suggested" || e.r === "uncoordinated") {
      s.appendChild(el("p", null, ui.edge_none));
    }
    if (s.childNodes.length > 1) body.appendChild(s);
  }
  function showDetails(sel) {
    body.innerHTML = "";
    if (!sel) { panel.hidden = true; return; }
    if (/^e\d+$/.test(sel) && !byId[sel]) renderEdge(parseInt(sel.slice(1), 10));
    else renderNode(byId[sel]);
    panel.hidden = false;
    document.body.classList.add("has-details");
  }
  document.getElementById("details-close").addEventListener("click", function () {
    select(null);
  });

  function select(id, opts) {
    state.sel = id;
    if (id && byId[id]) network.selectNodes([id]);
    else if (id) network.selectEdges([id]);
    else network.unselectAll();
    showDetails(id);
    if (!id) document.body.classList.remove("has-details");
    document.getElementById("focus-btn").disabled = !(id && byId[id]);
    if (id && byId[id] && opts && opts.centre) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: false });
    }
    api.selected = id;
    writeHash();
  }
  api.select = select;
  api.refit = function () { refit(); };

  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0]);
    else if (p.edges.length) select(p.edges[0]);
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length) setFocus(p.nodes[0]);
  });

  // keyboard: arrows step through the visible nodes in label order, Enter opens the page
  container.addEventListener("keydown", function (ev) {
    var ids = api.visibleNodeIds().sort(function (a, b) { return byId[a].label.localeCompare(byId[b].label); });
    if (!ids.length) return;
    var i = ids.indexOf(state.sel);
    if (ev.key === "ArrowRight" || ev.key === "ArrowDown") { select(ids[(i + 1) % ids.length], { centre: true }); ev.preventDefault(); }
    if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") { select(ids[(i - 1 + ids.length) % ids.length], { centre: true }); ev.preventDefault(); }
    if (ev.key === "Enter" && state.sel && byId[state.sel] && byId[state.sel].url) window.location.href = byId[state.sel].url;
  });

  // --- aggregated groups open and close in place: the server builds the view with the
  // new set of open groups (?expand=) and the page swaps its data without reloading; a
  // page opened from disk (static export) has no server and follows the link instead
  function regroup(open, fallback) {
    var params = new URLSearchParams(location.search);
    if (open.length) params.set("expand", open.join(","));
    else params.delete("expand");
    var page = location.pathname + "?" + params.toString();
    params.set("format", "json");
    if (location.protocol === "file:") {
      if (fallback) window.location.href = fallback;
      return;
    }
    fetch(location.pathname + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (fresh) {
        ["nodes", "edges", "details", "names", "expanded"].forEach(function (k) { data[k] = fresh[k]; });
        byId = {};
        data.nodes.forEach(function (x) { byId[x.id] = x; });
        if (state.sel && !byId[state.sel]) state.sel = null;
        if (state.focus && !byId[state.focus]) state.focus = null;
        state.hl = state.hl.filter(function (h) { return byId[h]; });
        focusSet = state.focus ? neighbourhood(state.focus, state.depth) : null;
        shownNow = {};
        data.nodes.forEach(function (x) { shownNow[x.id] = nodeShown(x); });
        nodes.clear();
        edges.clear();
        nodes.add(data.nodes.map(visNode));
        edgeState = data.edges.map(edgeShown);
        edges.add(data.edges.map(visEdge));
        history.replaceState(null, "", page + location.hash);
        select(state.sel);
        applyFilters({ force: true });
        // fitted once the new nodes are drawn (and the panel has its final width)
        network.once("afterDrawing", function () {
          refit();
          api.regroups = (api.regroups || 0) + 1;
        });
        network.redraw();
      })
      .catch(function () { window.location.href = page + location.hash; });
  }
  api.regroup = regroup;

  // --- re-layout of what is visible ----------------------------------------------------
  // After a filter or a focus the visible nodes are laid out again: a short force
  // simulation from their original places closes the gaps the hidden ones left, then
  // overlapping labels are pushed apart (the server's rule, with the measured label
  // boxes), and the drawing is fitted to the screen.
  function relayout() {
    var ids = data.nodes.filter(function (n) { return shownNow[n.id]; }).map(function (n) { return n.id; });
    api.layouts++;
    if (ids.length > 400 || ids.length === data.nodes.length) {
      if (ids.length === data.nodes.length) {
        nodes.update(data.nodes.map(function (n) { return { id: n.id, x: n.x, y: n.y }; }));
      }
      return;
    }
    var index = {}, n = ids.length;
    var x = new Float64Array(n), y = new Float64Array(n);
    ids.forEach(function (id, i) { index[id] = i; x[i] = byId[id].x; y[i] = byId[id].y; });
    var links = [];
    data.edges.forEach(function (e, k) {
      if (edgeState[k] && index[e.from] != null && index[e.to] != null && e.from !== e.to) links.push([index[e.from], index[e.to]]);
    });
    var k = 150, t = 60;
    for (var it = 0; it < 120; it++) {
      var dx = new Float64Array(n), dy = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var ux = x[i] - x[j], uy = y[i] - y[j], d2 = Math.max(ux * ux + uy * uy, 1);
          var f = k * k / d2;
          dx[i] += ux * f; dy[i] += uy * f; dx[j] -= ux * f; dy[j] -= uy * f;
        }
      }
      links.forEach(function (l) {
        var ux = x[l[0]] - x[l[1]], uy = y[l[0]] - y[l[1]], d = Math.sqrt(ux * ux + uy * uy) || 1;
        var f = d / k;
        dx[l[0]] -= ux * f; dy[l[0]] -= uy * f; dx[l[1]] += ux * f; dy[l[1]] += uy * f;
      });
      for (i = 0; i < n; i++) {
        var m = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1, s = Math.min(m, t) / m;
        x[i] += dx[i] * s; y[i] += dy[i] * s;
      }
      t = Math.max(2, t * 0.96);
    }
    declutter(ids, x, y);
    nodes.update(ids.map(function (id, i) { return { id: id, x: x[i], y: y[i] }; }));
  }
  function declutter(ids, x, y) {
    var n = ids.length, gap = 8;
    var hw = [], top = [], bottom = [];
    ids.forEach(function (id, i) {
      var bn = network.body.nodes[id];
      var r = (bn && bn.options.size) || 14;
      var s = bn && bn.labelModule.size;
      var w = s && s.width ? s.width : LABEL_WIDTH, h = s && s.height ? s.height : 2 * LABEL_FONT * 1.25;
      hw[i] = Math.max(w / 2, r) + gap / 2;
      top[i] = -r - gap / 2;
      bottom[i] = r + 4 + h + gap / 2;
    });
    for (var it = 0; it < 400; it++) {
      var moved = false;
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var ddx = x[j] - x[i], ddy = y[j] - y[i];
          var ox = hw[i] + hw[j] - Math.abs(ddx);
          if (ox <= 0) continue;
          var oy = ddy >= 0 ? bottom[i] - (ddy + top[j]) : bottom[j] - (-ddy + top[i]);
          if (oy <= 0) continue;
          moved = true;
          if (ox < oy) { var sx = (ox / 2 + 0.5) * (ddx >= 0 ? 1 : -1); x[i] -= sx; x[j] += sx; }
          else { var sy = (oy / 2 + 0.5) * (ddy >= 0 ? 1 : -1); y[i] -= sy; y[j] += sy; }
        }
      }
      if (!moved) break;
    }
  }

  // fitted to the screen; on a phone no further out than labels of 8 px (the whole
  // drawing would leave them unreadable), centred on the selection or the middle
  function refit() {
    api.fits = (api.fits || 0) + 1;
    network.fit({ animation: false });
    var minScale = 8 / LABEL_FONT;
    if (container.clientWidth < 600 && network.getScale() < minScale) {
      var at = state.sel && byId[state.sel] ? network.getPositions([state.sel])[state.sel] : network.getViewPosition();
      network.moveTo({ position: at, scale: minScale, animation: false });
    }
  }

  // --- filters and focus ---------------------------------------------------------------
  function applyFilters(opts) {
    focusSet = state.focus ? neighbourhood(state.focus, state.depth) : null;
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
      ui.shown.replace("{n}", shown).replace("{total}", data.nodes.length);
    document.getElementById("unfocus-btn").hidden = !state.focus;
    if (!(opts && opts.initial) && (updates.length || (opts && opts.force))) {
      relayout();
      refit();
    }
    writeHash();
  }

  function setFocus(id, depth) {
    state.focus = id;
    if (depth) state.depth = depth;
    document.getElementById("focus-depth").value = String(state.depth);
    applyFilters({ force: true });
    if (id) select(id);
  }
  api.setFocus = setFocus;

  function applyStyle() {
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, size: n.s[state.size] || 12, color: nodeColour(n), borderWidth: borderWidth(n) };
    }));
    var coloured = [];
    data.edges.forEach(function (e, i) {
      if (e.c) coloured.push({ id: "e" + i, color: { color: edgeColour(e), highlight: "#1d2330", hover: "#1d2330", opacity: 0.9 } });
    });
    if (coloured.length) edges.update(coloured);
    document.querySelectorAll(".legend-list[data-mode]").forEach(function (ul) {
      ul.hidden = ul.getAttribute("data-mode") !== state.colour;
    });
    writeHash();
  }

  function syncControls() {
    document.querySelectorAll("input[type=checkbox][data-facet]").forEach(function (box) {
      var f = box.getAttribute("data-facet");
      box.checked = !(state.off[f] && state.off[f][box.value]);
    });
    colourSel.value = state.colour;
    sizeSel.value = state.size;
    if (hops) hops.value = state.hops;
    document.getElementById("focus-depth").value = String(state.depth);
  }

  // --- controls
  document.querySelectorAll("input[type=checkbox][data-facet]").forEach(function (box) {
    var f = box.getAttribute("data-facet");
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
  colourSel.addEventListener("change", function () { state.colour = colourSel.value; applyStyle(); });
  sizeSel.addEventListener("change", function () { state.size = sizeSel.value; applyStyle(); });
  var hops = document.getElementById("hops");
  if (hops) {
    hops.addEventListener("input", function () {
      var v = parseInt(hops.value, 10);
      if (v >= 1 && v <= data.maxHop) { state.hops = v; applyFilters(); }
    });
  }
  document.getElementById("focus-btn").addEventListener("click", function () {
    if (state.sel && byId[state.sel]) setFocus(state.sel, parseInt(document.getElementById("focus-depth").value, 10));
  });
  document.getElementById("focus-depth").addEventListener("change", function () {
    state.depth = parseInt(this.value, 10) || 1;
    if (state.focus) applyFilters({ force: true });
  });
  document.getElementById("unfocus-btn").addEventListener("click", function () { setFocus(null); });
  document.getElementById("reset-btn").addEventListener("click", function () {
    var tour = state.tour, step = state.step;
    state = freshState();
    state.tour = tour;
    state.step = step;
    syncControls();
    document.getElementById("search-results").innerHTML = "";
    document.getElementById("search-status").textContent = "";
    applyStyle();
    applyFilters({ force: true });
    select(null);
    refit();
  });

  // --- search: names and titles in both languages, alternative labels, numbers and a
  // measure's text; the first hit is selected, centred and shown in the panel
  function search(text) {
    var q = norm(text.trim());
    var list = document.getElementById("search-results");
    list.innerHTML = "";
    if (!q) return [];
    var scored = [];
    data.nodes.forEach(function (n) {
      var terms = n.q || [n.label], best = -1;
      for (var i = 0; i < terms.length; i++) {
        var pos = norm(terms[i]).indexOf(q);
        if (pos >= 0) { best = i < 4 ? pos : 1000 + pos; break; }
      }
      if (best >= 0) scored.push([best, n]);
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1].label.length - b[1].label.length; });
    var hits = scored.map(function (s) { return s[1]; });
    document.getElementById("search-status").textContent =
      hits.length ? ui.found.replace("{n}", hits.length) : ui.notFound;
    hits.slice(0, 15).forEach(function (n) {
      var li = el("li");
      var show = el("button", "linkish", n.label);
      show.type = "button";
      show.addEventListener("click", function () { focusNode(n.id); });
      li.appendChild(show);
      if (n.url) {
        li.appendChild(document.createTextNode(" "));
        var a = link(ui.open, n.url);
        a.className = "open";
        li.appendChild(a);
      }
      list.appendChild(li);
    });
    if (hits.length) focusNode(hits[0].id);
    return hits.map(function (n) { return n.id; });
  }
  api.search = search;
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("view-search").value);
  });

  function focusNode(id) {
    if (!shownNow[id]) document.getElementById("search-status").textContent = ui.hiddenHit;
    select(id, { centre: true });
  }
  api.focusNode = focusNode;

  // --- export of what is visible -------------------------------------------------------
  function download(name, type, content) {
    var blob = content instanceof Blob ? content : new Blob([content], { type: type });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function visibleData() {
    var pos = network.getPositions();
    var ns = data.nodes.filter(function (n) { return shownNow[n.id]; }).map(function (n) {
      return { id: n.id, label: n.label, type: (n.f.type || [""])[0], x: Math.round(pos[n.id].x), y: Math.round(pos[n.id].y),
               colour: n.c[state.colour] || "" };
    });
    var es = data.edges.filter(function (e, i) { return edgeState[i]; }).map(function (e) {
      return { from: e.from, to: e.to, relation: e.r, weight: e.w || 1, colour: edgeColour(e) };
    });
    return { nodes: ns, edges: es };
  }
  function csvCell(v) { v = String(v == null ? "" : v); return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  function esc(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"); }
  function svgText() {
    var v = visibleData(), pad = 120;
    var xs = v.nodes.map(function (n) { return n.x; }), ys = v.nodes.map(function (n) { return n.y; });
    var minX = Math.min.apply(null, xs) - pad, minY = Math.min.apply(null, ys) - pad;
    var w = Math.max.apply(null, xs) - minX + pad, h = Math.max.apply(null, ys) - minY + pad + 40;
    var at = {};
    v.nodes.forEach(function (n) { at[n.id] = n; });
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + [minX, minY, w, h].join(" ") + '" width="' + Math.round(w) + '" height="' + Math.round(h) + '" font-family="sans-serif" font-size="' + LABEL_FONT + '">',
               '<rect x="' + minX + '" y="' + minY + '" width="' + w + '" height="' + h + '" fill="#ffffff"/>'];
    v.edges.forEach(function (e) {
      var a = at[e.from], b = at[e.to], st = data.edgeStyles[e.relation] || {};
      if (!a || !b) return;
      out.push('<line x1="' + a.x + '" y1="' + a.y + '" x2="' + b.x + '" y2="' + b.y + '" stroke="' + e.colour + '" stroke-width="' + (st.width || 1) + '"' + (st.dashes ? ' stroke-dasharray="' + st.dashes.join(",") + '"' : "") + "/>");
    });
    v.nodes.forEach(function (n) {
      var r = byId[n.id].s[state.size] || 12;
      out.push('<g><title>' + esc(n.label) + '</title><circle cx="' + n.x + '" cy="' + n.y + '" r="' + r + '" fill="' + n.colour + '"/>' +
               '<text x="' + n.x + '" y="' + (n.y + r + LABEL_FONT + 2) + '" text-anchor="middle" fill="#1d2330">' + esc(n.label) + "</text></g>");
    });
    out.push("</svg>");
    return out.join("\n");
  }
  var EXPORTS = {
    png: function () {
      var src = container.querySelector("canvas");
      var c = document.createElement("canvas");
      c.width = src.width; c.height = src.height;
      var ctx = c.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, c.width, c.height);
      ctx.drawImage(src, 0, 0);
      c.toBlob(function (b) { download(data.name + ".png", "image/png", b); }, "image/png");
    },
    svg: function () { download(data.name + ".svg", "image/svg+xml", svgText()); },
    csv: function () {
      var v = visibleData(), rows = [["kind", "id", "label", "type", "x", "y", "from", "to", "relation", "weight"]];
      v.nodes.forEach(function (n) { rows.push(["node", n.id, n.label, n.type, n.x, n.y, "", "", "", ""]); });
      v.edges.forEach(function (e) { rows.push(["edge", "", "", "", "", "", e.from, e.to, e.relation, e.weight]); });
      download(data.name + ".csv", "text/csv", rows.map(function (r) { return r.map(csvCell).join(","); }).join("\n") + "\n");
    },
    json: function () { download(data.name + ".json", "application/json", JSON.stringify(visibleData(), null, 1)); }
  };
  document.querySelectorAll("button[data-export]").forEach(function (b) {
    b.addEventListener("click", function () { EXPORTS[b.getAttribute("data-export")](); });
  });

  // --- the controls collapse into a panel on a narrow screen ---------------------------
  var toggle = document.getElementById("controls-toggle"), controls = document.getElementById("view-panel");
  toggle.addEventListener("click", function () {
    var open = !controls.classList.contains("open");
    controls.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? ui.hide_controls : ui.show_controls;
  });

  // --- tours: saved views played with previous / next ----------------------------------
  function showTour() {
    var bar = document.getElementById("tour-bar");
    var tour = state.tour && data.tours[state.tour];
    if (!tour) { bar.hidden = true; return; }
    var step = tour.steps[state.step] || tour.steps[0];
    bar.hidden = false;
    document.getElementById("tour-title").textContent = ui.tour + ": " + tour.title;
    document.getElementById("tour-step").textContent = ui.tour_step.replace("{i}", state.step + 1).replace("{n}", tour.steps.length);
    document.getElementById("tour-caption").textContent = step.caption;
    document.getElementById("tour-prev").disabled = state.step === 0;
    document.getElementById("tour-next").disabled = state.step >= tour.steps.length - 1;
  }
  function goStep(i) {
    var tour = data.tours[state.tour];
    if (!tour || i < 0 || i >= tour.steps.length) return;
    var step = tour.steps[i];
    var hash = "#" + (step.state ? step.state + "&" : "") + "tour=" + state.tour + "&step=" + (i + 1);
    if (step.view !== data.name) {
      window.location.href = data.viewUrls[step.view].url + hash;
      return;
    }
    history.replaceState(null, "", location.pathname + location.search + hash);
    applyHashState({ force: true });
  }
  api.goStep = goStep;
  document.getElementById("tour-prev").addEventListener("click", function () { goStep(state.step - 1); });
  document.getElementById("tour-next").addEventListener("click", function () { goStep(state.step + 1); });
  document.getElementById("tour-end").addEventListener("click", function () {
    state.tour = null;
    showTour();
    writeHash();
  });

  function applyHashState(opts) {
    readHash();
    syncControls();
    applyStyle();
    applyFilters(opts);
    if (state.sel) select(state.sel);
    else select(null);
    showTour();
  }
  window.addEventListener("hashchange", function () { applyHashState({ force: true }); });

  // --- start
  syncControls();
  document.querySelectorAll(".legend-list[data-mode]").forEach(function (ul) {
    ul.hidden = ul.getAttribute("data-mode") !== state.colour;
  });
  network.once("afterDrawing", function () {
    if (state.focus) relayout();
    refit();
    if (state.sel) select(state.sel);
    showTour();
    writeHash();
  });
  applyFilters({ initial: true });
})();
