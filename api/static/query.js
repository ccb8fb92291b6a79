// The nap-kg query page: run the editor's query against the SPARQL endpoint, show the
// result as a table, download it as CSV or JSON. Plain script, no dependencies.
"use strict";

(function () {
  const script = document.currentScript;
  const endpoint = (script && script.dataset.endpoint) || "sparql";
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const picker = document.getElementById("example");
  const answers = document.getElementById("answers");
  const status = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const results = document.getElementById("results");
  const csvButton = document.getElementById("download-csv");
  const jsonButton = document.getElementById("download-json");
  const ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  let resultKind = "table";

  function prefixesOf(query) {
    const prefixes = [];
    const declaration = /PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>/gi;
    let match;
    while ((match = declaration.exec(query)) !== null) {
      prefixes.push([match[1] || "", match[2]]);
    }
    return prefixes.sort((a, b) => b[1].length - a[1].length);
  }

  function shorten(iri, prefixes) {
    for (const [name, namespace] of prefixes) {
      if (namespace && iri.startsWith(namespace) && /^[\w.-]*$/.test(iri.slice(namespace.length))) {
        return name + ":" + iri.slice(namespace.length);
      }
    }
    return "<" + iri + ">";
  }

  function describeLink(iri, prefixes) {
    const link = document.createElement("a");
    link.href = window.location.pathname + "?query=" + encodeURIComponent("DESCRIBE <" + iri + ">");
    link.textContent = shorten(iri, prefixes);
    link.title = iri;
    return link;
  }

  function termCell(term, prefixes) {
    const cell = document.createElement("td");
    if (!term) {
      return cell;
    }
    if (term.type === "uri") {
      cell.appendChild(describeLink(term.value, prefixes));
    } else if (term.type === "bnode") {
      cell.textContent = "_:" + term.value;
      cell.className = "bnode";
    } else if (term.type === "triple") {
      cell.textContent = "<< " + ["subject", "predicate", "object"]
        .map((part) => (term.value[part] || {}).value).join(" ") + " >>";
    } else {
      cell.textContent = term.value;
      if (term["xml:lang"]) {
        cell.title = "@" + term["xml:lang"];
      } else if (term.datatype) {
        cell.title = shorten(term.datatype, prefixes);
        if (/#(integer|decimal|double|float)$/.test(term.datatype)) {
          cell.className = "number";
        }
      }
    }
    return cell;
  }

  function renderTable(variables, rows, prefixes) {
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const name of variables) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const name of variables) {
        tr.appendChild(termCell(row[name], prefixes));
      }
    }
    results.replaceChildren(table);
  }

  // N-Triples (one triple per line) as rows of SPARQL-JSON-like terms.
  const NT_TERM = /^(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)\s*/;

  function parseTerm(text) {
    if (text.startsWith("<")) {
      return { type: "uri", value: text.slice(1, -1) };
    }
    if (text.startsWith("_:")) {
      return { type: "bnode", value: text.slice(2) };
    }
    const end = text.lastIndexOf('"');
    const value = JSON.parse(text.slice(0, end + 1).replace(/\\U([0-9A-Fa-f]{8})/g,
      (_, hex) => String.fromCodePoint(parseInt(hex, 16)).replace(/"/g, '\\"')));
    const rest = text.slice(end + 1);
    const term = { type: "literal", value: value };
    if (rest.startsWith("@")) {
      term["xml:lang"] = rest.slice(1);
    } else if (rest.startsWith("^^")) {
      term.datatype = rest.slice(3, -1);
    }
    return term;
  }

  function parseNTriples(text) {
    const rows = [];
    for (let line of text.split("\n")) {
      line = line.trim();
      if (!line || line.startsWith("#")) {
        continue;
      }
      const terms = [];
      for (let i = 0; i < 3; i += 1) {
        const match = NT_TERM.exec(line);
        if (!match) {
          break;
        }
        terms.push(parseTerm(match[1]));
        line = line.slice(match[0].length);
      }
      if (terms.length === 3) {
        rows.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
      }
    }
    return rows;
  }

  function showError(body) {
    const error = (body && body.error) || { message: String(body) };
    errorBox.replaceChildren();
    const message = document.createElement("p");
    message.className = "message";
    message.textContent = (error.type ? error.type + ": " : "") + error.message;
    errorBox.appendChild(message);
    if (error.hint) {
      const hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = error.hint;
      errorBox.appendChild(hint);
    }
    errorBox.hidden = false;
  }

  async function readError(response) {
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch (ignored) {
      return { error: { type: "HTTP " + response.status, message: text || response.statusText } };
    }
  }

  function setKind(kind) {
    resultKind = kind;
    csvButton.textContent = kind === "graph" ? "Download Turtle" : "Download CSV";
    csvButton.dataset.format = kind === "graph" ? "turtle" : "csv";
  }

  async function post(query, headers) {
    return fetch(endpoint, {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/sparql-query" }, headers),
      body: query,
    });
  }

  async function run() {
    const query = editor.value;
    const prefixes = prefixesOf(query);
    errorBox.hidden = true;
    status.textContent = "Running…";
    results.setAttribute("aria-busy", "true");
    const started = performance.now();
    try {
      const response = await post(query, { Accept: ACCEPT });
      const elapsed = Math.round(performance.now() - started);
      if (!response.ok) {
        status.textContent = "";
        results.replaceChildren();
        showError(await readError(response));
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      if (type.includes("n-triples")) {
        const rows = parseNTriples(await response.text());
        setKind("graph");
        renderTable(["subject", "predicate", "object"], rows, prefixes);
        status.textContent = rows.length + (rows.length === 1 ? " triple" : " triples") + " · " + elapsed + " ms";
      } else {
        const data = await response.json();
        setKind("table");
        if (typeof data.boolean === "boolean") {
          const answer = document.createElement("p");
          answer.className = "boolean";
          answer.textContent = data.boolean ? "true" : "false";
          results.replaceChildren(answer);
          status.textContent = "ASK · " + elapsed + " ms";
        } else {
          const rows = data.results.bindings;
          renderTable(data.head.vars || [], rows, prefixes);
          status.textContent = rows.length + (rows.length === 1 ? " row" : " rows") + " · " + elapsed + " ms";
        }
      }
      if (query.length < 4000) {
        window.history.replaceState(null, "", window.location.pathname + "?query=" + encodeURIComponent(query));
      }
    } catch (failure) {
      status.textContent = "";
      showError({ error: { type: "NetworkError", message: failure.message,
        hint: "check that the nap-kg server is still running" } });
    } finally {
      results.removeAttribute("aria-busy");
    }
  }

  async function download(format) {
    errorBox.hidden = true;
    const body = new URLSearchParams({ query: editor.value });
    const response = await fetch(endpoint + "?format=" + encodeURIComponent(format), { method: "POST", body: body });
    if (!response.ok) {
      showError(await readError(response));
      return;
    }
    const extension = { csv: "csv", json: resultKind === "graph" ? "jsonld" : "json", turtle: "ttl" }[format];
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = "nap-kg-results." + extension;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  picker.addEventListener("change", () => {
    const chosen = examples.find((example) => example.name === picker.value);
    answers.textContent = chosen ? chosen.answers : "";
    if (chosen) {
      editor.value = chosen.text;
      results.replaceChildren();
      status.textContent = "";
      errorBox.hidden = true;
    }
  });

  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  csvButton.addEventListener("click", () => download(csvButton.dataset.format));
  jsonButton.addEventListener("click", () => download("json"));

  if (editor.dataset.autorun === "true") {
    picker.value = "";
    run();
  }
}());
