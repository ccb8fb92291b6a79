// The nap-kg query page: YASGUI (vendored, served by nap-kg) in place of the plain form.
// Tabs, history and shareable links are YASGUI's own; completion asks nap-kg's /completions
// (never Linked Open Vocabularies or prefix.cc); the editor knows the endpoint's default
// prefixes, as the endpoint does. Without YASGUI (no script), the plain form stays.
"use strict";

(function () {
  const script = document.currentScript;
  const mount = document.getElementById("yasgui");
  if (!window.Yasgui || !mount || !script) {
    return;
  }
  const Yasgui = window.Yasgui;
  const Yasqe = Yasgui.Yasqe;
  const endpoint = new URL(script.dataset.endpoint, window.location.href).href;
  const completions = new URL(script.dataset.completions, window.location.href).href;
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const prefixes = JSON.parse(document.getElementById("prefixes-data").textContent);
  const defaults = prefixes.defaults;  // the endpoint's: no PREFIX needed
  const offered = Object.assign({}, defaults, prefixes.entities);  // and id:, for nap-kg's entities
  const textarea = document.getElementById("query");
  const picker = document.getElementById("example");
  const answers = document.getElementById("answers");
  const labels = new Map(); // IRI -> label, from the completions seen

  // The editor expands prefixed names with the query's prefixes: add the endpoint's defaults.
  for (const proto of [Yasqe.prototype, Object.getPrototypeOf(Yasqe.prototype)]) {
    const declared = proto && proto.getPrefixesFromQuery;
    if (declared) {
      proto.getPrefixesFromQuery = function () {
        return Object.assign({}, defaults, declared.call(this));
      };
    }
  }

  function ask(kind) {
    return function (yasqe, token) {
      const text = token && (token.autocompletionString || token.string || "").trim();
      if (!text) {
        return Promise.resolve([]);
      }
      const url = completions + "?kind=" + kind + "&limit=50&q=" + encodeURIComponent(text);
      return fetch(url, { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { terms: [] }))
        .then((data) => data.terms.map((term) => {
          if (term.label) {
            labels.set(term.iri, term.label);
          }
          return term.iri;
        }))
        .catch(() => []);
    };
  }

  function withLabels(yasqe, hints) {
    const prefixes = yasqe.getPrefixesFromQuery();
    return hints.map((hint) => {
      let iri = hint.text.replace(/^<|>$/g, "");
      const colon = iri.indexOf(":");
      if (!hint.text.startsWith("<") && colon >= 0 && prefixes[iri.slice(0, colon)]) {
        iri = prefixes[iri.slice(0, colon)] + iri.slice(colon + 1);
      }
      const label = labels.get(iri);
      return label ? Object.assign({}, hint, { displayText: hint.text + "  \u2014 " + label }) : hint;
    });
  }

  function entityPosition(yasqe) {
    const token = yasqe.getCompleteToken();
    return Object.entries(prefixes.entities).some(([prefix, namespace]) =>
      token.string.startsWith(prefix + ":") || token.string.startsWith("<" + namespace));
  }

  Yasqe.forkAutocompleter("prefixes", {
    name: "napkg-prefixes",
    persistenceId: null,
    get: () => Object.keys(offered).sort().map((p) => p + ": <" + offered[p] + ">"),
  }, false);
  Yasqe.forkAutocompleter("class", { name: "napkg-class", get: ask("class"), postprocessHints: withLabels }, false);
  Yasqe.forkAutocompleter("property", { name: "napkg-property", get: ask("property"), postprocessHints: withLabels },
    false);
  Yasqe.forkAutocompleter("class", {
    name: "napkg-entity", get: ask("entity"), postprocessHints: withLabels, isValidCompletionPosition: entityPosition,
  }, false);
  const completers = ["napkg-prefixes", "variables", "napkg-class", "napkg-property", "napkg-entity"];
  Yasqe.defaults.autocompleters = completers.slice();

  // nap-kg's errors ({"error": {"message", "hint"}}) as their message and hint, not as JSON
  Yasgui.Yasr.defaults.errorRenderers = [async (error) => {
    let body;
    try {
      body = JSON.parse(error && error.text).error;
    } catch (ignored) {
      return undefined;
    }
    if (!body || !body.message) {
      return undefined;
    }
    const box = document.createElement("div");
    box.className = "napkg-error";
    for (const [text, name] of [[body.message, "message"], [body.hint, "hint"]]) {
      if (text) {
        const line = document.createElement("p");
        line.className = name;
        line.textContent = text;
        box.appendChild(line);
      }
    }
    return box;
  }];

  const first = examples.find((e) => e.name === picker.value) || examples[0];
  // The editor's own checker marks undeclared prefixes: it starts each query knowing the defaults.
  function teach(tab) {
    const yasqe = tab && tab.getYasqe && tab.getYasqe();
    if (!yasqe || yasqe.napkgDefaults) {
      return;
    }
    const mode = yasqe.getMode();
    const start = mode.startState;
    mode.startState = function () {
      const state = start.apply(this, arguments);
      state.prefixes = Object.assign({}, defaults, state.prefixes);
      return state;
    };
    yasqe.napkgDefaults = true;
    const cursor = yasqe.getCursor();
    yasqe.setValue(yasqe.getValue());  // tokenized again, from the new start
    yasqe.clearHistory();
    yasqe.setCursor(cursor);
  }

  mount.hidden = false;  // before YASGUI starts: its editor measures itself
  document.getElementById("query-form").hidden = true;
  const yasgui = new Yasgui(mount, {
    persistenceId: "napkg-query",
    tabName: "Query",
    autofocus: false,
    copyEndpointOnNewTab: true,
    populateFromUrl: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    requestConfig: { endpoint: endpoint, method: "POST" },
    yasqe: {
      value: textarea.value, prefixCcApi: null, autocompleters: completers.slice(),
      editorHeight: "320px", resizeable: true,
    },
    yasr: { prefixes: offered, defaultPlugin: "table", maxPersistentResponseSize: 200000 },
  });

  function openExample(example, run) {
    const existing = yasgui.tabNameTaken(example.title);
    if (existing) {
      yasgui.selectTabId(existing.getId());
      existing.setQuery(example.text);
    } else {
      yasgui.addTab(true, { name: example.title, yasqe: { value: example.text }, requestConfig: { endpoint: endpoint } });
    }
    answers.textContent = example.answers;
    if (run) {
      yasgui.getTab().query().catch(() => {});
    }
  }

  teach(yasgui.getTab());
  for (const event of ["tabSelect", "tabAdd"]) {
    yasgui.on(event, () => window.setTimeout(() => teach(yasgui.getTab()), 0));
  }

  picker.addEventListener("change", () => {
    const example = examples.find((e) => e.name === picker.value);
    if (example) {
      openExample(example, false);
    }
  });

  const params = new URLSearchParams(window.location.search);
  const named = examples.find((e) => e.name === params.get("example"));
  if (named) {
    openExample(named, false);
  }  // ?query=… (and #query=…, YASGUI's shared links): YASGUI opens it in a tab and runs it
  window.napkgYasgui = yasgui;
})();
