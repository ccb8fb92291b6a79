/* nap-kg network page: filters, search and focus, the side panel.
 *
 * Reads the JSON blocks the template writes (vis-network nodes and edges of both views, the
 * details of bodies and activities, the initial state) and draws the view through DataViews,
 * so that what a filter hides is out of the drawing, physics included. Text goes into the page
 * with textContent only. window.napkgViz is the page's API (the browser tests use it).
 *
 * The JSON is nap-kg's wire format (napkg.viz.wire, docs/viz.md): objects read by their keys,
 * held activities in columns (data.held, by activity number), bodies' lists as activity numbers,
 * the bodies-only view's links as pairs of body numbers (data.shared); the script unpacks them
 * once. A page whose data.details is "fetch" (the served page) asks its own service for an
 * activity's details when the side panel opens it (GET /activities/{code}?plan={plan IRI}) and
 * for a body it does not draw when the search asks (GET /agencies?q=…). Entity links go to the
 * IRI itself (data.links "iri", a file) or to its path on this service ("path").
 */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const readJson = (id) => JSON.parse($(id).textContent);

  const allNodes = readJson("napkg-nodes");
  const data = readJson("napkg-data");
  const actId = (i) => `a${i}`;
  const bodyNodeId = (i) => `b${i}`;

  // ---------------------------------------------------------------- the wire format, unpacked

  /* Every held activity as one object by node id: its columns in data.held, and what a file
   * carries beside (data.activities: title, period, owners, evidence). */
  (function unpackActivities() {
    const keys = data.statuses.map((s) => s.key);
    const held = data.held;
    const activities = {};
    held.code.forEach((code, i) => {
      const id = actId(i);
      activities[id] = Object.assign({ code, plan: held.plan[i], section: held.section[i], status: keys[held.status[i]],
        claimed: i in held.claimed ? keys[held.claimed[i]] : null, above: false }, i in held.iri ? { iri: held.iri[i] } : {},
      data.activities[id] || {});
    });
    held.above.forEach((i) => { activities[actId(i)].above = true; });
    data.activities = activities;
    for (const body of Object.values(data.bodies)) {
      body.implements = body.implements.map(actId);
      body.recommended = body.recommended.map(actId);
      body.roles = Object.fromEntries(Object.entries(body.roles).map(([i, words]) => [actId(i), words]));
    }
    data.sections = data.sections.map((s, key) => ({ ...s, key,
      iri: s.iri || `${data.plans[s.plan].iri}/section/${s.code}`,
      label: s.label || `§${s.code}${s.title ? ` ${s.title}` : ""}` }));
  }());

  function edgeWidth(shared) {
    return Math.round(Math.min(10, 1 + 1.6 * Math.sqrt(shared - 1)) * 100) / 100;
  }

  /** The bodies-only view's links: for each pair in data.shared, the activities both bodies hold,
   * by how they hold them (both implement, both are recommended-to, or one of each). */
  function sharedLinks() {
    const sets = new Map();
    for (const [id, b] of Object.entries(data.bodies)) {
      const all = [...new Set([...b.implements, ...b.recommended])];
      sets.set(id, { all, allSet: new Set(all), implement: new Set(b.implements), recommended: new Set(b.recommended) });
    }
    const links = [];
    for (let k = 0; k < data.shared.length; k += 2) {
      const from = bodyNodeId(data.shared[k]);
      const to = bodyNodeId(data.shared[k + 1]);
      const u = sets.get(from);
      const v = sets.get(to);
      const [small, large] = u.all.length <= v.all.length ? [u, v] : [v, u];
      const link = { id: `p${k / 2}`, from, to, arrows: "", nk: "shared", both_implement: [], both_recommended: [], mixed: [] };
      for (const a of small.all) {
        if (!large.allSet.has(a)) continue;
        const implement = u.implement.has(a) && v.implement.has(a);
        const recommended = u.recommended.has(a) && v.recommended.has(a);
        if (implement) link.both_implement.push(a);
        if (recommended) link.both_recommended.push(a);
        if (!implement && !recommended) link.mixed.push(a);
      }
      link.width = edgeWidth(new Set([...link.both_implement, ...link.both_recommended, ...link.mixed]).size);
      links.push(link);
    }
    return links;
  }

  const allEdges = readJson("napkg-edges").concat(sharedLinks());
  const options = JSON.parse(readJson("napkg-options"));
  const viewOptions = readJson("napkg-views");
  // A body's area follows its load: its radius grows with the square root of the load.
  const bySquareRoot = (min, max, total, value) => (
    max === min ? 0.5 : (Math.sqrt(value) - Math.sqrt(min)) / (Math.sqrt(max) - Math.sqrt(min)));
  options.nodes.scaling.customScalingFunction = bySquareRoot;
  const statusInfo = Object.fromEntries(data.statuses.map((s) => [s.key, s]));
  const IRI_BASE = "https://w3id.org/nap-kg";
  const served = /^https?:$/.test(location.protocol);

  /** An activity's IRI: its own, or its plan's activity base and its number. */
  function activityIri(id) {
    const a = data.activities[id];
    return a.iri || `${data.plans[a.plan].activity_base}${a.code}`;
  }
  function iriOf(id) { return id in data.bodies ? data.bodies[id].iri : activityIri(id); }
  /** An IRI as this page links it: on the service, nap-kg's IRIs by their path on the same origin. */
  function entityHref(iri) {
    return data.links === "path" && iri.startsWith(`${IRI_BASE}/`) ? iri.slice(IRI_BASE.length) : iri;
  }
  const bodyOfIri = new Map(Object.entries(data.bodies).map(([id, b]) => [b.iri, id]));
  /* What the search looks in: every body of the network on a file; the drawn ones on a served
   * page, which asks the service for the others. */
  const searchEntries = data.search || Object.entries(data.bodies).map(([id, b]) => (
    { id, name: b.name, slug: b.id, aliases: b.aliases, load: b.load, iri: b.iri }));
  const entryOfIri = new Map(searchEntries.map((e, i) => [e.iri, i]));

  const nodeById = new Map(allNodes.map((n) => [n.id, n]));
  const roleEdges = allEdges.filter((e) => e.nk === "role");
  const sharedEdges = allEdges.filter((e) => e.nk === "shared");
  const sharedById = new Map(sharedEdges.map((e) => [e.id, e]));
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

  /** Which nodes and edges the current view and filters show; edge widths of the agency view. */
  function compute() {
    const showNodes = new Set();
    const showEdges = new Set();
    const widths = [];
    if (state.view === "bipartite") {
      for (const e of roleEdges) {
        if (activityPasses(e.from) && rolePasses(e.implementer, e.recommended)) {
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
        const held = state.role === "all" ? [body.implements, body.recommended]
          : [state.role === "implementer" ? body.implements : body.recommended];
        if (held.some((list) => list.some(activityPasses))) showNodes.add(id);
      }
      for (const e of sharedEdges) {
        const shared = state.role === "all" ? new Set([...e.both_implement, ...e.both_recommended, ...e.mixed])
          : state.role === "implementer" ? e.both_implement : e.both_recommended;
        let count = 0;
        shared.forEach((a) => { if (activityPasses(a)) count++; });
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
    scheduleLabels();
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
    if (!served || !window.history.replaceState) return;
    const params = new URLSearchParams();
    if (state.view !== "bipartite") params.set("view", state.view);
    if (state.section !== null) params.set("section", data.sections[state.section].iri);
    if (state.statuses.size < data.statuses.length) state.statuses.forEach((s) => params.append("status", s));
    if (state.role !== "all") params.set("role", state.role);
    if (state.focus !== null) params.set("focus", entityHref(iriOf(state.focus)));
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

  /** Size the bodies for the view (vis-network keeps each node's own scaling, so it is set on each). */
  function styleBodies() {
    const { min, max } = viewOptions[state.view].scaling;
    nodes.update(bodyIds.map((id) => ({ id, scaling: { min, max, customScalingFunction: bySquareRoot, label: { enabled: false } } })));
  }

  // ---------------------------------------------------------------- labels and focus

  /* Labels keep one size on the screen whatever the zoom (bodies 12 to 17 pixels by load,
   * activities 10), and a label is drawn only where it overlaps no label drawn before it and no
   * other body: the focused neighbourhood first, then bodies by load, then activities. Zooming in
   * spreads the nodes and leaves the labels their size, so more labels find room. */
  const LABEL_PX = { bodyMin: 12, bodyMax: 17, activity: 10, charsPerLine: 18 };
  const LABEL_COLOUR = options.nodes.font.color;
  const FADED = { background: "#eceff3", border: "#e2e6ea", highlight: { background: "#eceff3", border: "#9aa3ad" },
    hover: { background: "#eceff3", border: "#9aa3ad" } };
  let hood = null;  // the focused node's neighbourhood, null without focus
  let labelSizes = new Map();  // node id -> its label's size in the drawing's units (0: not drawn)
  let labelShifts = new Map();
  let labelBoxes = [];

  function wrap(text, width) {  // the lines a label wraps to, as vis-network wraps it (about)
    return String(text).split(/\s+/).reduce((lines, word) => {
      const last = lines[lines.length - 1];
      if (last && last.length + 1 + word.length > width) lines.push(word); else lines[lines.length - 1] = last ? `${last} ${word}` : word;
      return lines;
    }, [""]);
  }

  let placedAt = 1;  // the scale the labels were placed for
  function placeLabels() {
    const scale = network.getScale();
    placedAt = scale;
    const shown = [...shownNodes];
    const positions = network.getPositions(shown);
    const loads = shown.filter((id) => nodeById.get(id).nk === "body").map((id) => nodeById.get(id).value);
    const low = Math.min(...loads);
    const high = Math.max(...loads);
    const radius = (id) => { const drawn = network.body.nodes[id]; return ((drawn && drawn.shape.radius) || 8) * scale; };
    const rank = (id) => { const n = nodeById.get(id);
      return [hood !== null && hood.has(id) ? 0 : 1, n.nk === "body" ? 0 : 1, -(n.value || 0)]; };
    shown.sort((a, b) => { const ra = rank(a); const rb = rank(b); return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2]; });
    const taken = [];
    for (const id of shown) {  // the bodies themselves: a label may not cover another body
      const n = nodeById.get(id);
      if (n.nk !== "body" || !positions[id]) continue;
      const p = network.canvasToDOM(positions[id]);
      const r = radius(id);
      taken.push({ x0: p.x - r, x1: p.x + r, y0: p.y - r, y1: p.y + r, id, r });
    }
    const sizes = new Map();
    const shifts = new Map();  // node id -> vadjust of a label drawn above its node
    // a label never covers another label; it covers a body only as a last resort, and then only a smaller one
    const clashes = (box, id, smallest) => taken.some((b) => (!b.id || b.r > smallest) && b.id !== id
      && b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1);
    for (const id of shown) {
      const n = nodeById.get(id);
      if (!positions[id]) continue;
      const px = n.nk === "body"
        ? LABEL_PX.bodyMin + bySquareRoot(low, high, 0, n.value) * (LABEL_PX.bodyMax - LABEL_PX.bodyMin) : LABEL_PX.activity;
      const lines = wrap(n.label, LABEL_PX.charsPerLine);
      const width = Math.max(...lines.map((l) => l.length)) * 0.56 * px;
      const height = lines.length * 1.2 * px + 2;
      const p = network.canvasToDOM(positions[id]);
      const r = radius(id);
      const at = (top) => ({ x0: p.x - width / 2 - 2, x1: p.x + width / 2 + 2, y0: top, y1: top + height });
      // below the node, else above it, else below or above over smaller bodies
      const below = at(p.y + r + 2);
      const above = at(p.y - r - 2 - height);
      const raised = -(2 * r + 4 + height) / scale;
      const chosen = !clashes(below, id, 0) ? [below, 0] : !clashes(above, id, 0) ? [above, raised]
        : n.nk !== "body" ? null : !clashes(below, id, r * 0.99) ? [below, 0] : !clashes(above, id, r * 0.99) ? [above, raised] : null;
      if (chosen) { taken.push({ ...chosen[0], node: id }); shifts.set(id, chosen[1]); }
      sizes.set(id, chosen ? px / scale : 0);
    }
    labelShifts = shifts;
    labelBoxes = taken.filter((b) => b.node !== undefined);
    labelSizes = sizes;
    restyleNodes();
  }

  let labelsPending = false;
  function scheduleLabels() {
    if (labelsPending || !ready) return;
    labelsPending = true;
    window.requestAnimationFrame(() => { labelsPending = false; placeLabels(); });
  }

  function restyleNodes() {
    nodes.update(allNodes.map((n) => {
      const faded = hood !== null && !hood.has(n.id);
      const size = labelSizes.get(n.id) || 0;
      const colour = faded ? "#c3c9d1" : (styleOf.get(n.id).font && styleOf.get(n.id).font.color) || LABEL_COLOUR;
      return { id: n.id, color: faded ? FADED : styleOf.get(n.id).color,
        font: { size: size || 1, color: size ? colour : "rgba(0,0,0,0)", strokeWidth: size ? 4 : 0, strokeColor: "#ffffff",
          vadjust: labelShifts.get(n.id) || 0 },
        widthConstraint: { maximum: Math.max(1, size * LABEL_PX.charsPerLine * 0.56) } };
    }));
  }

  function settled() {
    network.setOptions({ physics: { enabled: false } });
    $("progress").hidden = true;
    ready = true;
    if (state.focus !== null) applyFocus(state.focus, true);
    placeLabels();
    document.body.dataset.state = "ready";
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
    styleBodies();
    network.stabilize(chosen.physics.stabilization.iterations);
  }

  network.on("stabilizationProgress", (p) => {
    $("progress").textContent = `Arranging the network… ${Math.round((100 * p.iterations) / p.total)}%`;
  });
  network.on("stabilizationIterationsDone", () => {
    network.fit({ animation: false });
    settled();
  });
  network.on("afterDrawing", () => {  // zoomed, by the reader or by a fit: place the labels for the new scale
    if (ready && Math.abs(network.getScale() - placedAt) > 0.01 * placedAt) scheduleLabels();
  });
  network.on("dragEnd", scheduleLabels);

  function neighbourhood(id) {
    const near = new Set([id]);
    for (const e of edgeView.get()) {
      if (e.from === id) near.add(e.to);
      if (e.to === id) near.add(e.from);
    }
    if (state.view === "bipartite") {  // the bodies that share the focused node's activities
      for (const e of edgeView.get()) if (near.has(e.from) && e.from !== id) near.add(e.to);
    }
    return near;
  }

  function applyFocus(id, fit) {
    if (!shownNodes.has(id)) return;
    hood = neighbourhood(id);
    edges.update(allEdges.map((e) => ({ id: e.id,
      color: hood.has(e.from) && hood.has(e.to) && (e.from === id || e.to === id || state.view === "bipartite")
        ? styleOf.get(e.id).color : { color: "#e6e9ed", highlight: "#9aa3ad", hover: "#9aa3ad" } })));
    network.selectNodes([id]);
    if (fit) {
      network.fit({ nodes: [...hood].filter((n) => shownNodes.has(n)), animation: false });
      if (network.getScale() > 1.4) network.moveTo({ scale: 1.4 });
    }
    if (ready) placeLabels();
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
    hood = null;
    edges.update(allEdges.map((e) => ({ id: e.id, color: styleOf.get(e.id).color })));
    network.unselectAll();
    if (ready) placeLabels();
  }

  // ---------------------------------------------------------------- search

  const names = new Map();
  function addName(name, entry) {
    const key = name.trim().toLocaleLowerCase();
    if (key && !names.has(key)) names.set(key, entry);
  }
  const datalist = $("body-names");
  for (const entry of searchEntries) {
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
    const partial = searchEntries.filter((e) => [e.name, ...e.aliases].some((n) => n.toLocaleLowerCase().includes(key)));
    partial.sort((a, b) => (b.id !== null) - (a.id !== null) || b.load - a.load);
    return partial.length ? partial[0] : null;
  }

  function search() {
    const text = $("search").value;
    const message = $("search-message");
    message.textContent = "";
    if (!text.trim()) return null;
    const entry = findEntry(text);
    if (entry === null && data.search === null && served) { askService(text); return null; }
    return showEntry(entry, text);
  }

  const askedBodies = new Map();  // the service's answers to the search, by URL

  /** A served page's search for a body it does not draw: the service's body search, best match first. */
  function askService(text) {
    const message = $("search-message");
    message.textContent = `Looking for “${text.trim()}”…`;
    const url = `/agencies?q=${encodeURIComponent(text.trim())}&limit=5`;
    if (!askedBodies.has(url)) {  // the Find button and the field's change event ask once between them
      askedBodies.set(url, fetch(url, { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${url} answered ${r.status}`))))
        .catch((error) => { askedBodies.delete(url); throw error; }));
    }
    askedBodies.get(url)
      .then((found) => {
        if ($("search").value !== text) return;  // the reader has typed on
        const item = found.items[0];
        showEntry(item ? { id: bodyOfIri.has(item.iri) ? bodyOfIri.get(item.iri) : null, name: item.name, slug: item.id,
          aliases: item.aliases, iri: item.iri, load: item.load ? item.load.implementer_load + item.load.recommended_load : null }
          : null, text);
      }, (error) => { message.textContent = `The search failed: ${error.message}`; });
  }

  function showEntry(entry, text) {
    const message = $("search-message");
    message.textContent = "";
    if (entry === null) {
      message.textContent = `No body is named “${text.trim()}”.`;
      return null;
    }
    if (entry.id === null) {
      message.textContent = entry.load === null ? `${entry.name} is not drawn: it holds fewer activities than the bodies drawn. `
        : `${entry.name} is not drawn: it holds ${entry.load} ${entry.load === 1 ? "activity" : "activities"}, `
        + "fewer than the bodies drawn. ";
      if (served) {
        const params = new URLSearchParams(location.search);
        params.set("focus", entityHref(entry.iri));
        message.appendChild(el("a", { href: `${location.pathname}?${params}` }, "Draw it and its partners"));
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

  const short = (text, limit) => (!text ? "" : text.length <= limit ? text : `${text.slice(0, limit).replace(/\s+\S*$/, "")}…`);

  function figure(label, value, help) {
    return el("tr", { title: help || "" }, el("th", {}, label), el("td", {}, String(value)));
  }

  /** A link to an entity's own page (its IRI, or its path on this service). */
  function pageLink(iri, text) {
    return el("p", { class: "page-link" }, el("a", { href: entityHref(iri), class: "entity-link" }, text));
  }

  function bodyPanel(id) {
    const b = data.bodies[id];
    const m = b.metrics;
    const about = [b.kind, b.country].filter(Boolean).join(" · ");
    const panel = [el("h2", {}, b.name), el("p", { class: "meta" }, about)];
    if (b.aliases.length) panel.push(el("p", { class: "meta" }, `Also called: ${b.aliases.join("; ")}`));
    panel.push(pageLink(b.iri, "Open the page of this body"));
    if (m) {
      const group = b.collective ? "collective groups" : "single agencies";
      panel.push(el("table", { class: "figures" },
        figure("Activities held", b.load, "in any role"),
        figure("as implementer", `${m.implementer_load}${m.lead_load ? ` (lead in ${m.lead_load})` : ""}`),
        figure("recommended-to", m.recommended_load),
        figure("open", m.open_load, "assessed status not complete"),
        figure("overdue", m.overdue, "period ended before the reference day, not complete"),
        figure("sections", m.sections),
        figure("bottleneck score", m.bottleneck_score, "open × (1 + bridging)"),
        figure("bottleneck rank", `${m.bottleneck_rank} of ${m.ranked_among} ${group}`),
        figure("bridging", m.bridging, "betweenness over the highest in its part of the network"),
        figure("betweenness", m.betweenness),
      ));
      if (m.articulation_point) panel.push(el("p", { class: "warn" }, "Removing this body cuts its part of the network in two."));
    }
    const implemented = new Set(b.implements);
    const lists = [["Implements", b.implements, true], ["Recommended to it", b.recommended.filter((a) => !implemented.has(a)), false]];
    for (const [title, items, implementer] of lists) {
      if (!items.length) continue;
      panel.push(el("h3", {}, `${title} (${items.length})`));
      panel.push(el("ul", { class: "holds" }, ...items.map((a) => {
        const act = data.activities[a];
        const words = b.roles[a];
        return el("li", {}, swatch(act.status), link(a, act.code), act.title ? ` ${short(act.title, 90)}` : "",
          el("span", { class: "role" }, ` · ${statusInfo[act.status].label}${implementer && words ? ` · ${words}` : ""}`));
      })));
    }
    return panel;
  }

  /** An activity's details as the service's /activities/{code} answers them, in the page's own shape. */
  function fromService(detail) {
    const owners = new Map();
    const add = (links, words, role) => links.forEach((body) => {
      const held = owners.get(body.iri) || { iri: body.iri, name: body.name, words: [], role: "recommended-to" };
      if (!held.words.includes(words)) held.words.push(words);
      if (role === "implementer") held.role = role;
      owners.set(body.iri, held);
    });
    add(detail.lead, "lead", "implementer");
    add(detail.supporting, "supporting", "implementer");
    add(detail.implementers.filter((b) => !detail.lead.concat(detail.supporting).some((o) => o.iri === b.iri)), "implementer", "implementer");
    add(detail.recommended_to, "recommended-to", "recommended-to");
    const sorted = [...owners.values()].sort((a, b) => (a.role !== b.role ? (a.role === "implementer" ? -1 : 1) : a.name.localeCompare(b.name)));
    const graded = detail.evidence.filter((e) => e.status !== null);  // further passages (".../platform") carry no grade
    const latest = graded.length ? graded[graded.length - 1] : detail.evidence.length ? detail.evidence[detail.evidence.length - 1] : null;
    const { start_year: start = null, end_year: end = null } = detail.period || {};
    return {
      title: detail.title,
      period: start === null && end === null ? null : start === end || end === null ? String(start)
        : start === null ? `until ${end}` : `${start}-${end}`,
      owners: sorted.map((o) => ({ iri: o.iri, name: o.name, roles: o.words.join(", "), role: o.role })),
      evidence: latest && {
        excerpt: short((latest.text || "").replace(/\s+/g, " ").trim(), 360), date: latest.date, claim: detail.claim_basis,
        lines: lineWords(latest.source && latest.source.fragment),
        citation: { report: latest.report && latest.report.title, document: latest.source && latest.source.title,
          file: latest.source && latest.source.file } },
    };
  }

  /** RFC 5147 "line=a,b" (lines a+1 to b) in words, as the file's page says it. */
  function lineWords(fragment) {
    const match = /^line=(\d+),(\d+)$/.exec(fragment || "");
    const [first, last] = match ? [Number(match[1]) + 1, Number(match[2])] : [];
    return !match ? null : first >= last ? `line ${first}` : `lines ${first}-${last}`;
  }

  const fetched = new Map();  // activity node id -> its details (a promise while asked)

  /** An activity's details: carried by the page, or asked of the service once. */
  function activityDetails(id) {
    const a = data.activities[id];
    if (data.details !== "fetch") {
      return { ...a, owners: a.owners.map((o) => ({ ...o, name: o.body === null ? searchEntries[o.entry].name : data.bodies[o.body].name,
        iri: o.body === null ? searchEntries[o.entry].iri : data.bodies[o.body].iri })),
        evidence: a.evidence && { ...a.evidence, citation: data.citations[a.evidence.cite] } };
    }
    if (!fetched.has(id)) {
      const plan = data.plans[a.plan].iri;
      const url = `/activities/${encodeURIComponent(a.code)}?plan=${encodeURIComponent(plan)}`;
      fetched.set(id, fetch(url, { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${url} answered ${r.status}`))))
        .then((detail) => { const d = fromService(detail); fetched.set(id, d); return d; })
        .catch((error) => { fetched.delete(id); throw error; }));
    }
    return fetched.get(id);
  }

  function activityPanel(id) {
    const a = data.activities[id];
    const section = a.section === null ? null : data.sections[a.section];
    const head = [el("h2", {}, `${a.code} ${a.title || ""}`.trim()),
      el("p", { class: "meta" }, [data.plans[a.plan].title, section && `§${section.code} ${section.title}`].filter(Boolean).join(" · ")),
      pageLink(activityIri(id), "Open the page of this activity")];
    const details = activityDetails(id);
    if (typeof details.then !== "function") return head.concat(activityBody(a, details));
    details.then((d) => {
      if ($("details").dataset.node === id) { $("details").replaceChildren(...activityPanel(id)); }
    }, (error) => {
      if ($("details").dataset.node === id) $("details").appendChild(el("p", { class: "warn" }, `Could not load the details: ${error.message}`));
    });
    return head.concat([el("p", { class: "meta loading" }, "Loading the activity's details…")]);
  }

  function activityBody(a, d) {
    const panel = [];
    if (d.title && !a.title) panel[0] = el("p", { class: "activity-title" }, d.title);
    panel.push(el("table", { class: "figures" },
      el("tr", {}, el("th", {}, "Assessed"), el("td", {}, swatch(a.status), statusInfo[a.status].label)),
      a.claimed ? el("tr", {}, el("th", {}, "Claimed"), el("td", {}, swatch(a.claimed), statusInfo[a.claimed].label)) : null,
      figure("Period", d.period || "not given")));
    if (a.above) panel.push(el("p", { class: "warn claim" }, "Claimed above what the evidence shows."));
    if (d.evidence && d.evidence.claim) panel.push(el("p", { class: "meta" }, `The report's claim: “${d.evidence.claim}”`));
    for (const [title, role] of [["Implementers", "implementer"], ["Recommended to", "recommended-to"]]) {
      const owners = d.owners.filter((o) => o.role === role);
      if (!owners.length) continue;
      panel.push(el("h3", {}, title));
      panel.push(el("ul", { class: "holds" }, ...owners.map((o) => el("li", {}, link(bodyOfIri.has(o.iri) ? bodyOfIri.get(o.iri) : null, o.name),
        o.roles !== "implementer" && o.roles !== "recommended-to" ? el("span", { class: "role" }, ` · ${o.roles}`) : null,
        " ", el("a", { href: entityHref(o.iri), class: "entity-link", title: `the page of ${o.name}` }, "page")))));
    }
    if (!d.owners.length) panel.push(el("p", { class: "warn" }, "No body is named for this activity."));
    panel.push(el("h3", {}, "Latest evidence"));
    if (d.evidence) {
      const e = d.evidence;
      panel.push(el("blockquote", { class: "evidence" }, e.excerpt));
      const { report, document: document_, file } = e.citation;
      const where = [file, e.lines].filter(Boolean).join(", ");
      const source = `${document_ || ""}${where ? ` (${where})` : ""}`.trim();
      const cite = [report, e.date].filter(Boolean).join(", ");
      panel.push(el("p", { class: "source" }, cite ? `${cite}. ` : "", source ? `Source: ${source}` : ""));
    } else {
      panel.push(el("p", { class: "meta" }, "No progress report gives evidence on this activity."));
    }
    return panel.filter(Boolean);
  }

  /** A link of the bodies-only view: the two bodies, and the activities they share, by how they hold them. */
  function linkPanel(id) {
    const e = sharedById.get(id);
    const [u, v] = [data.bodies[e.from], data.bodies[e.to]];
    const all = new Set([...e.both_implement, ...e.both_recommended, ...e.mixed]);
    const panel = [el("h2", {}, `${u.name} and ${v.name}`),
      el("p", { class: "meta" }, `share ${all.size} ${all.size === 1 ? "activity" : "activities"}`),
      el("p", { class: "meta" }, link(e.from, u.name), " · ", link(e.to, v.name))];
    const both = new Set(e.both_implement);
    for (const [title, items] of [["Both implement", e.both_implement],
      ["Recommended to both", e.both_recommended.filter((a) => !both.has(a))], ["One implements, the other is recommended to", e.mixed]]) {
      if (!items.length) continue;
      panel.push(el("h3", {}, `${title} (${items.length})`));
      panel.push(el("ul", { class: "holds shared" }, ...items.map((a) => {
        const act = data.activities[a];
        return el("li", {}, swatch(act.status), link(a, act.code), act.title ? ` ${short(act.title, 90)}` : "",
          el("span", { class: "role" }, ` · ${statusInfo[act.status].label}`));
      })));
    }
    return panel;
  }

  function showDetails(id) {
    const box = $("details");
    box.dataset.node = id;
    box.replaceChildren(...(id in data.bodies ? bodyPanel(id) : sharedById.has(id) ? linkPanel(id) : activityPanel(id)));
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
    } else if (p.edges.length && sharedById.has(p.edges[0])) {
      state.pinned = p.edges[0];
      showDetails(p.edges[0]);
    } else if (!p.edges.length) {
      state.pinned = null;
      clearFocus();
      showHint();
      writeUrl();
    }
  });
  network.on("doubleClick", (p) => { if (p.nodes.length) focusNode(p.nodes[0]); });

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

  const nameOf = (id) => (id in data.bodies ? data.bodies[id].name : `Activity ${data.activities[id].code}`);
  update();
  if (data.initial.focus !== null) {
    state.pinned = data.initial.focus;
    showDetails(data.initial.focus);
    if (shownNodes.has(data.initial.focus)) state.focus = data.initial.focus;
    else $("search-message").textContent = `${nameOf(data.initial.focus)} is hidden by the filters: `
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
      if (entryOfIri.has(iri)) return searchEntries[entryOfIri.get(iri)].id;
      const act = Object.keys(data.activities).find((id) => activityIri(id) === iri);
      return act === undefined ? null : act;
    },
    showDetails,
    /** The bodies' side-panel details by node id. */
    bodies() { return data.bodies; },
    /** The labels drawn now, each with its box on the screen (pixels), as the page placed them. */
    labelBoxes() { return labelBoxes.filter((b) => shownNodes.has(b.node)); },
  };
})();
