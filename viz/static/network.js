/* nap-kg network page: filters, search and focus, the side panel.
 *
 * Reads the JSON blocks the template writes (vis-network nodes and edges of both views, the
 * details of bodies and activities, the initial state) and draws the view through DataViews,
 * so that what a filter hides is out of the drawing, physics included. Text goes into the page
 * with textContent only. window.napkgViz is the page's API (the browser tests use it).
 */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const readJson = (id) => JSON.parse($(id).textContent);

  const allNodes = readJson("napkg-nodes");
  const allEdges = readJson("napkg-edges");
  const data = readJson("napkg-data");
  const options = JSON.parse(readJson("napkg-options"));
  const viewOptions = readJson("napkg-views");
  // A body's area follows its load: its radius grows with the square root of the load.
  const bySquareRoot = (min, max, total, value) => (
    max === min ? 0.5 : (Math.sqrt(value) - Math.sqrt(min)) / (Math.sqrt(max) - Math.sqrt(min)));
  options.nodes.scaling.customScalingFunction = bySquareRoot;
  const statusInfo = Object.fromEntries(data.statuses.map((s) => [s.key, s]));

  const nodeById = new Map(allNodes.map((n) => [n.id, n]));
  const roleEdges = allEdges.filter((e) => e.nk === "role");
  const sharedEdges = allEdges.filter((e) => e.nk === "shared");
  const styleOf = new Map();  // the colours focus fades, to put back
  allNodes.forEach((n) => styleOf.set(n.id, { color: options.groups[n.group].color, font: options.groups[n.group].font }));
  allEdges.forEach((e) => styleOf.set(e.id, { color: e.color || options.edges.color }));

  const state = {
    view: data.initial.view,
    section: data.initial.section,
    statuses: new Set(data.initial.statuses.length ? data.initial.statuses : data.statuses.map((s) => s.key)),
    role: data.initial.role,
    focus: null,
    pinned: null,
  };

  const nodes = new vis.DataSet(allNodes);
  const edges = new vis.DataSet(allEdges);
  let shownNodes = new Set();
  let shownEdges = new Set();
  const nodeView = new vis.DataView(nodes, { filter: (n) => shownNodes.has(n.id) });
  const edgeView = new vis.DataView(edges, { filter: (e) => shownEdges.has(e.id) });

  // ---------------------------------------------------------------- filters

  function activityPasses(id) {  // drawn or only held: every activity has its details
    const a = data.activities[id];
    return (state.section === null || a.section === state.section) && state.statuses.has(a.status);
  }

  function rolePasses(implementer, recommended) {
    return state.role === "all" || (state.role === "implementer" ? implementer : recommended);
  }

  function edgeWidth(shared) {
    return Math.round(Math.min(10, 1 + 1.6 * Math.sqrt(shared - 1)) * 100) / 100;
  }

  /** Which nodes and edges the current view and filters show; edge widths of the agency view. */
  function compute() {
    const showNodes = new Set();
    const showEdges = new Set();
    const widths = [];
    if (state.view === "bipartite") {
      for (const e of roleEdges) {
        if (activityPasses(e.from) && rolePasses(e.impl, e.rec)) {
          showEdges.add(e.id);
          showNodes.add(e.from);
          showNodes.add(e.to);
        }
      }
      if (state.role === "all") {
        for (const n of allNodes) {
          if (n.nk === "activity" && activityPasses(n.id)) showNodes.add(n.id);
        }
      }
    } else {
      for (const [id, body] of Object.entries(data.bodies)) {
        if (body.holds.some(([a, , impl, rec]) => activityPasses(a) && rolePasses(impl, rec))) showNodes.add(id);
      }
      for (const e of sharedEdges) {
        const count = e.acts.filter(([a, flags]) => activityPasses(a)
          && (state.role === "all" || (flags & (state.role === "implementer" ? 1 : 2)))).length;
        if (count > 0) {
          showEdges.add(e.id);
          const width = edgeWidth(count);
          if (edges.get(e.id).width !== width) widths.push({ id: e.id, width: width });
        }
      }
    }
    return { showNodes, showEdges, widths };
  }

  function update() {
    const result = compute();
    shownNodes = result.showNodes;
    shownEdges = result.showEdges;
    if (result.widths.length) edges.update(result.widths);
    nodeView.refresh();
    edgeView.refresh();
    document.body.dataset.view = state.view;
    if (state.focus !== null && !shownNodes.has(state.focus)) clearFocus();
    else if (state.focus !== null) applyFocus(state.focus, false);
    $("empty").hidden = shownNodes.size > 0;
    writeStatusLine();
    writeUrl();
  }

  function writeStatusLine() {
    let bodies = 0;
    let activities = 0;
    shownNodes.forEach((id) => (nodeById.get(id).nk === "body" ? bodies++ : activities++));
    const plural = (n, one, many) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
    const parts = [plural(bodies, "body", "bodies")];
    if (state.view === "bipartite") parts.push(plural(activities, "activity", "activities"));
    const links = plural(shownEdges.size, state.view === "bipartite" ? "role" : "link", state.view === "bipartite" ? "roles" : "links");
    const filtered = state.section !== null || state.statuses.size < data.statuses.length || state.role !== "all";
    $("status-line").textContent = `Showing ${parts.join(" and ")}, ${links}${filtered ? " (filtered)" : ""}.`;
  }

  /** On a page served by nap-kg, keep the address in step with the view, so it can be shared. */
  function writeUrl() {
    if (!/^https?:$/.test(location.protocol) || !window.history.replaceState) return;
    const params = new URLSearchParams();
    if (state.view !== "bipartite") params.set("view", state.view);
    if (state.section !== null) params.set("section", data.sections[state.section].iri);
    if (state.statuses.size < data.statuses.length) state.statuses.forEach((s) => params.append("status", s));
    if (state.role !== "all") params.set("role", state.role);
    if (state.focus !== null) params.set("focus", data.bodies[state.focus].iri);
    const query = params.toString();
    window.history.replaceState(null, "", location.pathname + (query ? `?${query}` : ""));
  }

  // ---------------------------------------------------------------- drawing

  const first = compute();  // the first view is known before vis-network lays it out
  shownNodes = first.showNodes;
  shownEdges = first.showEdges;
  if (first.widths.length) edges.update(first.widths);
  nodeView.refresh();
  edgeView.refresh();
  const network = new vis.Network($("network"), { nodes: nodeView, edges: edgeView }, options);
  let ready = false;

  const bodyIds = allNodes.filter((n) => n.nk === "body").map((n) => n.id);

  /** Size the bodies and their labels for the view (vis-network keeps each node's own scaling, so it is set on each). */
  function styleBodies(label) {
    const { min, max } = viewOptions[state.view].scaling;
    const width = viewOptions[state.view].labelWidth;
    const loads = bodyIds.filter((id) => shownNodes.has(id)).map((id) => nodeById.get(id).value);
    const low = Math.min(...loads);
    const high = Math.max(...loads);
    nodes.update(bodyIds.map((id) => {
      // a label wraps at about 16 characters of its own size: grown labels wrap wider
      const grown = label.enabled ? label.min + bySquareRoot(low, high, 0, nodeById.get(id).value) * (label.max - label.min) : 0;
      const maximum = label.enabled ? Math.round((width * grown) / label.min) : width;
      return { id, scaling: { min, max, customScalingFunction: bySquareRoot, label }, widthConstraint: { maximum } };
    }));
  }

  /** On a view zoomed out too far to read, the most loaded bodies' labels grow until they can be read. */
  function readableLabels() {
    const scale = network.getScale();
    const base = viewOptions[state.view].font;
    if (base * scale >= 11 || !bodyIds.some((id) => shownNodes.has(id))) return;
    styleBodies({ enabled: true, min: base, max: Math.min(base * 12, 15 / scale), maxVisible: 26, drawThreshold: 6 });
  }

  function settled() {
    network.setOptions({ physics: { enabled: false } });
    readableLabels();
    $("progress").hidden = true;
    ready = true;
    document.body.dataset.state = "ready";
    if (state.focus !== null) applyFocus(state.focus, true);
  }

  function relayout() {
    ready = false;
    document.body.dataset.state = "loading";
    $("progress").hidden = false;
    $("progress").textContent = "Arranging the network…";
    if (shownNodes.size === 0) { settled(); return; }
    const chosen = viewOptions[state.view];
    network.setOptions({ physics: chosen.physics,
      nodes: { font: { size: chosen.font }, widthConstraint: { maximum: chosen.labelWidth } } });
    styleBodies({ enabled: false });
    network.stabilize(chosen.physics.stabilization.iterations);
  }

  network.on("stabilizationProgress", (p) => {
    $("progress").textContent = `Arranging the network… ${Math.round((100 * p.iterations) / p.total)}%`;
  });
  network.on("stabilizationIterationsDone", () => {
    network.fit({ animation: false });
    settled();
  });

  // ---------------------------------------------------------------- focus

  const FADED = { background: "#eceff3", border: "#e2e6ea", highlight: { background: "#eceff3", border: "#9aa3ad" },
    hover: { background: "#eceff3", border: "#9aa3ad" } };

  function neighbourhood(id) {
    const hood = new Set([id]);
    for (const e of edgeView.get()) {
      if (e.from === id) hood.add(e.to);
      if (e.to === id) hood.add(e.from);
    }
    if (state.view === "bipartite") {  // the bodies that share the focused body's activities
      for (const e of edgeView.get()) if (hood.has(e.from) && e.from !== id) hood.add(e.to);
    }
    return hood;
  }

  function applyFocus(id, fit) {
    if (!shownNodes.has(id)) return;
    const hood = neighbourhood(id);
    nodes.update(allNodes.map((n) => (hood.has(n.id)
      ? { id: n.id, color: styleOf.get(n.id).color, font: styleOf.get(n.id).font }
      : { id: n.id, color: FADED, font: { ...styleOf.get(n.id).font, color: "#c3c9d1" } })));
    edges.update(allEdges.map((e) => ({ id: e.id,
      color: hood.has(e.from) && hood.has(e.to) && (e.from === id || e.to === id || state.view === "bipartite")
        ? styleOf.get(e.id).color : { color: "#e6e9ed", highlight: "#9aa3ad", hover: "#9aa3ad" } })));
    network.selectNodes([id]);
    if (fit) {
      network.fit({ nodes: [...hood].filter((n) => shownNodes.has(n)), animation: false });
      if (network.getScale() > 1.4) network.moveTo({ scale: 1.4 });
    }
  }

  function focusNode(id) {
    state.focus = id;
    state.pinned = id;
    showDetails(id);
    if (ready) applyFocus(id, true);
    writeUrl();
  }

  function clearFocus() {
    if (state.focus === null) return;
    state.focus = null;
    nodes.update(allNodes.map((n) => ({ id: n.id, color: styleOf.get(n.id).color, font: styleOf.get(n.id).font })));
    edges.update(allEdges.map((e) => ({ id: e.id, color: styleOf.get(e.id).color })));
    network.unselectAll();
  }

  // ---------------------------------------------------------------- search

  const names = new Map();
  function addName(name, entry) {
    const key = name.trim().toLocaleLowerCase();
    if (key && !names.has(key)) names.set(key, entry);
  }
  const datalist = $("body-names");
  for (const entry of data.search) {
    for (const name of [entry.name, ...entry.aliases]) {
      addName(name, entry);
      const option = document.createElement("option");
      option.value = name;
      if (name !== entry.name) option.label = entry.name;
      datalist.appendChild(option);
    }
    if (entry.slug) addName(entry.slug, entry);
    addName(entry.iri, entry);
  }

  function findEntry(text) {
    const key = text.trim().toLocaleLowerCase();
    if (!key) return null;
    if (names.has(key)) return names.get(key);
    const partial = data.search.filter((e) => [e.name, ...e.aliases].some((n) => n.toLocaleLowerCase().includes(key)));
    partial.sort((a, b) => (b.id !== null) - (a.id !== null) || b.load - a.load);
    return partial.length ? partial[0] : null;
  }

  function search() {
    const text = $("search").value;
    const message = $("search-message");
    message.textContent = "";
    if (!text.trim()) return null;
    const entry = findEntry(text);
    if (entry === null) {
      message.textContent = `No body is named “${text.trim()}”.`;
      return null;
    }
    if (entry.id === null) {
      message.textContent = `${entry.name} is not drawn: it holds ${entry.load} ${entry.load === 1 ? "activity" : "activities"}, `
        + "fewer than the bodies drawn. ";
      if (/^https?:$/.test(location.protocol)) {
        const link = document.createElement("a");
        const params = new URLSearchParams(location.search);
        params.set("focus", entry.iri);
        link.href = `${location.pathname}?${params}`;
        link.textContent = "Draw it and its partners";
        message.appendChild(link);
      } else {
        message.appendChild(document.createTextNode(`Write the page with --focus ${entry.slug || entry.iri} to draw it.`));
      }
      return null;
    }
    if (!shownNodes.has(entry.id)) {
      message.textContent = `${entry.name} is hidden by the filters: none of its activities matches them.`;
      return null;
    }
    if (entry.name.toLocaleLowerCase() !== text.trim().toLocaleLowerCase()) message.textContent = `Found ${entry.name}.`;
    focusNode(entry.id);
    return entry.id;
  }

  // ---------------------------------------------------------------- side panel

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === "class") node.className = value;
      else if (key === "style") node.style.cssText = value;
      else if (key.startsWith("data-")) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function swatch(statusKey) {
    return el("span", { class: "swatch square", style: `background: ${statusInfo[statusKey].colour}` });
  }

  function link(id, text) {
    if (id === null || !(id in data.bodies || id in data.activities)) return el("span", { class: "undrawn", title: "not drawn" }, text);
    return el("a", { href: "#", class: "node-link", "data-node": id }, text);
  }

  function short(text, limit) {
    if (!text) return "";
    return text.length <= limit ? text : `${text.slice(0, limit).replace(/\s+\S*$/, "")}…`;
  }

  function figure(label, value, help) {
    return el("tr", { title: help || "" }, el("th", {}, label), el("td", {}, String(value)));
  }

  function bodyPanel(id) {
    const b = data.bodies[id];
    const m = b.metrics;
    const about = [b.kind, b.country].filter(Boolean).join(" · ");
    const panel = [el("h2", {}, b.name), el("p", { class: "meta" }, about)];
    if (b.aliases.length) panel.push(el("p", { class: "meta" }, `Also called: ${b.aliases.join("; ")}`));
    if (m) {
      const group = b.collective ? "collective groups" : "single agencies";
      panel.push(el("table", { class: "figures" },
        figure("Activities held", b.load, "in any role"),
        figure("as implementer", `${m.implementer_load}${m.lead_load ? ` (lead in ${m.lead_load})` : ""}`),
        figure("recommended-to", m.recommended_load),
        figure("open", m.open_load, "latest status not complete"),
        figure("overdue", m.overdue, "period ended before the reference day, not complete"),
        figure("sections", m.sections),
        figure("bottleneck score", m.bottleneck_score, "open × (1 + bridging)"),
        figure("bottleneck rank", `${m.bottleneck_rank} of ${m.ranked_among} ${group}`),
        figure("bridging", m.bridging, "betweenness over the highest in its part of the network"),
        figure("betweenness", m.betweenness),
      ));
      if (m.articulation_point) panel.push(el("p", { class: "warn" }, "Removing this body cuts its part of the network in two."));
    }
    for (const [title, implementer] of [["Implements", 1], ["Recommended to it", 0]]) {
      const items = b.holds.filter(([, , impl]) => impl === implementer);
      if (!items.length) continue;
      panel.push(el("h3", {}, `${title} (${items.length})`));
      panel.push(el("ul", { class: "holds" }, ...items.map(([a, words]) => {
        const act = data.activities[a];
        return el("li", {}, swatch(act.status), link(a, act.code), " ", short(act.title, 90),
          el("span", { class: "role" }, ` · ${act.statusLabel}${implementer && words !== "implementer" ? ` · ${words}` : ""}`));
      })));
    }
    return panel;
  }

  function activityPanel(id) {
    const a = data.activities[id];
    const panel = [el("h2", {}, `${a.code} ${a.title || ""}`)];
    const section = a.section === null ? null : data.sections[a.section];
    panel.push(el("p", { class: "meta" }, [data.plans[a.plan], section && `§${section.code} ${section.title}`]
      .filter(Boolean).join(" · ")));
    panel.push(el("table", { class: "figures" },
      el("tr", {}, el("th", {}, "Status"), el("td", {}, swatch(a.status), a.statusLabel)),
      figure("Period", a.period || "not given")));
    for (const [title, role] of [["Implementers", "implementer"], ["Recommended to", "recommended"]]) {
      const owners = a.owners.filter((o) => o[3] === role);
      if (!owners.length) continue;
      panel.push(el("h3", {}, title));
      panel.push(el("ul", { class: "holds" }, ...owners.map(([bid, entry, words]) => el("li", {}, link(bid, bid === null ? data.search[entry].name : data.bodies[bid].name),
        words !== "implementer" && words !== "recommended-to" ? el("span", { class: "role" }, ` · ${words}`) : null))));
    }
    if (!a.owners.length) panel.push(el("p", { class: "warn" }, "No body is named for this activity."));
    panel.push(el("h3", {}, "Latest evidence"));
    if (a.evidence) {
      const e = a.evidence;
      panel.push(el("blockquote", { class: "evidence" }, e.excerpt));
      const [report, document_, file] = data.citations[e.cite];
      const where = [file, e.lines].filter(Boolean).join(", ");
      const source = `${document_ || ""}${where ? ` (${where})` : ""}`.trim();
      const cite = [report, e.date].filter(Boolean).join(", ");
      panel.push(el("p", { class: "source" }, cite ? `${cite}. ` : "", source ? `Source: ${source}` : ""));
    } else {
      panel.push(el("p", { class: "meta" }, "No progress report gives evidence on this activity."));
    }
    return panel;
  }

  function showDetails(id) {
    const box = $("details");
    box.replaceChildren(...(id in data.bodies ? bodyPanel(id) : activityPanel(id)));
    box.dataset.node = id;
  }

  function showHint() {
    const box = $("details");
    box.replaceChildren(el("p", { class: "hint" }, "Hover over a body or an activity to see what it holds; click to keep it here."));
    delete box.dataset.node;
  }

  $("details").addEventListener("click", (event) => {
    const target = event.target.closest("a.node-link");
    if (!target) return;
    event.preventDefault();
    const id = target.dataset.node;
    if (!shownNodes.has(id)) { state.pinned = id; showDetails(id); return; }
    if (nodeById.get(id).nk === "body") focusNode(id);
    else { state.pinned = id; showDetails(id); network.selectNodes([id]); }
  });

  network.on("hoverNode", (p) => showDetails(p.node));
  network.on("blurNode", () => (state.pinned !== null ? showDetails(state.pinned) : showHint()));
  network.on("click", (p) => {
    if (p.nodes.length) {
      state.pinned = p.nodes[0];
      showDetails(p.nodes[0]);
    } else if (!p.edges.length) {
      state.pinned = null;
      clearFocus();
      showHint();
      writeUrl();
    }
  });
  network.on("doubleClick", (p) => { if (p.nodes.length && nodeById.get(p.nodes[0]).nk === "body") focusNode(p.nodes[0]); });

  // ---------------------------------------------------------------- controls

  const form = $("controls");
  form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
  $("search-go").addEventListener("click", search);
  $("search").addEventListener("change", search);
  form.querySelectorAll("input[name=view]").forEach((input) => input.addEventListener("change", () => {
    state.view = input.value;
    update();
    relayout();
  }));
  $("section").addEventListener("change", (event) => {
    state.section = event.target.value === "" ? null : Number(event.target.value);
    update();
  });
  form.querySelectorAll("input[name=status]").forEach((input) => input.addEventListener("change", () => {
    state.statuses = new Set([...form.querySelectorAll("input[name=status]:checked")].map((i) => i.value));
    update();
  }));
  $("role").addEventListener("change", (event) => { state.role = event.target.value; update(); });

  function reset() {
    state.section = null;
    state.role = "all";
    state.statuses = new Set(data.statuses.map((s) => s.key));
    $("section").value = "";
    $("role").value = "all";
    form.querySelectorAll("input[name=status]").forEach((i) => { i.checked = true; });
    $("search").value = "";
    $("search-message").textContent = "";
    clearFocus();
    state.pinned = null;
    showHint();
    update();
  }
  document.querySelectorAll("[data-action=reset]").forEach((b) => b.addEventListener("click", reset));
  document.querySelector("[data-action=relayout]").addEventListener("click", relayout);

  // ---------------------------------------------------------------- start

  update();
  if (data.initial.focus !== null) {
    state.pinned = data.initial.focus;
    showDetails(data.initial.focus);
    if (shownNodes.has(data.initial.focus)) state.focus = data.initial.focus;
    else $("search-message").textContent = `${data.bodies[data.initial.focus].name} is hidden by the filters: `
      + "none of its activities matches them.";
  }
  if (shownNodes.size === 0) settled();

  window.napkgViz = {
    network, state, update, reset, search, focusNode,
    get ready() { return ready; },
    /** What vis-network draws now: nodes and edges in the drawing, hidden ones excluded. */
    drawn() {
      return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length };
    },
    /** The node ids drawn now. */
    drawnIds() { return { nodes: [...network.body.nodeIndices], edges: [...network.body.edgeIndices] }; },
    nodeIdOf(iri) {
      const entry = data.search.find((e) => e.iri === iri);
      if (entry) return entry.id;
      const act = Object.entries(data.activities).find(([, a]) => a.iri === iri);
      return act ? act[0] : null;
    },
  };
})();
