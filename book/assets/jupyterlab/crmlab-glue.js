/* CRM Lab in JupyterLab: the book's glued numbers, shown where the pages use them.
 *
 * The pages put computed numbers into their text with myst-nb's roles {glue:text}`name:format` and
 * {glue:md}`name` (the book fills them in when it is built). jupyterlab-myst renders MyST in JupyterLab but
 * knows only the {eval} role, so it shows such a role as its bare content ("def-value:,.0f"). This plugin
 * reads the values the page's own cells glued (myst_nb.glue: a display output tagged "scrapbook"), formats
 * them exactly as myst-nb does (Python's format, from crmlab-calculators.js, which is loaded with it) and
 * writes them into the rendered Markdown; a number whose cell has not run yet shows as "…".
 *
 * book/assets/jupyterlab/install.py builds the JupyterLab extension from this file (make does).
 */
(function () {
  "use strict";
  var C = window.crmlab;
  var PREFIX = "application/papermill.record/";
  var ROLE = /\{glue(?::(text|md))?\}`([^`]+)`/g;
  var PENDING = "…";

  // name -> {mime type: value} of every glue output of the notebook's cells.
  function gluedValues(notebook) {
    var found = {};
    notebook.widgets.forEach(function (cell) {
      var outputs = cell.model && cell.model.outputs;
      if (!outputs) return;
      for (var i = 0; i < outputs.length; i++) {
        var output = outputs.get(i).toJSON();
        var book = output.metadata && output.metadata.scrapbook;
        if (!book || !book.name) continue;
        var data = {};
        Object.keys(output.data || {}).forEach(function (mime) {
          var value = output.data[mime];
          data[mime.replace(PREFIX, "")] = Array.isArray(value) ? value.join("") : value;
        });
        found[book.name] = data;
      }
    });
    return found;
  }

  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

  // myst-nb: literal_eval the text/plain representation, then format it (myst_nb.core.variables).
  function formatted(text, spec) {
    var quoted = /^(['"])(.*)\1$/.exec(text);
    var value = quoted ? quoted[2] : text;
    var type = spec[spec.length - 1];
    if (type === "s") return value;
    if (!NUMBER.test(text)) return null;
    var number = parseFloat(text);
    if ("bcdoxX".indexOf(type) >= 0) number = Math.trunc(number);
    return C.pyFormat(number, spec);
  }

  function pasted(kind, body, values) {
    if (kind === "md") {
      var md = values[body] && values[body]["text/markdown"];
      return md === undefined ? null : md.replace(/\*\*|__|`/g, "");
    }
    var at = body.lastIndexOf(":");
    var key = at >= 0 ? body.slice(0, at) : body, spec = at >= 0 ? body.slice(at + 1) : "s";
    var text = values[key] && values[key]["text/plain"];
    return text === undefined ? null : formatted(text, spec);
  }

  function patch(notebook) {
    var values = gluedValues(notebook);
    notebook.widgets.forEach(function (cell) {
      if (!cell.model || cell.model.type !== "markdown") return;
      var rendered = cell.node.querySelector(".myst");
      if (!rendered) return;
      var roles = {};
      cell.model.sharedModel.getSource().replace(ROLE, function (match, kind, body) { roles[body] = kind || "text"; });
      if (!Object.keys(roles).length) return;
      rendered.querySelectorAll("span").forEach(function (span) {
        var body = span.getAttribute("data-crmlab-glue") || span.textContent;
        if (!(body in roles) || span.children.length) return;
        var value = pasted(roles[body], body, values);
        var text = value === null ? PENDING : value;
        if (span.textContent !== text) span.textContent = text;
        span.setAttribute("data-crmlab-glue", body);
        span.className = value === null ? "crmlab-glue crmlab-glue-pending" : "crmlab-glue";
        span.title = value === null ? "Run the cells above to compute this number" : "";
      });
    });
  }

  var plugin = {
    id: "crmlab-jupyterlab:glue",
    description: "Shows the numbers a page glues (myst-nb's {glue:text} and {glue:md}) in its rendered Markdown.",
    autoStart: true,
    activate: function (app) {
      var timer = null;
      function scan() {
        timer = null;
        var widgets = app.shell.widgets("main");
        var next = widgets.next();
        while (!next.done) {
          var widget = next.value;
          if (widget.content && widget.content.widgets && widget.content.model) patch(widget.content);
          next = widgets.next();
        }
      }
      new MutationObserver(function () { if (timer === null) timer = setTimeout(scan, 150); })
        .observe(document.body, { childList: true, subtree: true, characterData: true });
      app.restored.then(scan);
    }
  };

  // A module-federation container, as JupyterLab loads every prebuilt extension (it shares nothing).
  window._JUPYTERLAB = window._JUPYTERLAB || {};
  window._JUPYTERLAB["crmlab-jupyterlab"] = {
    init: function () { return Promise.resolve(); },
    get: function (module) {
      if (module !== "./extension") return Promise.reject(new Error("crmlab-jupyterlab has no module " + module));
      return Promise.resolve(function () { return { __esModule: true, default: [plugin] }; });
    }
  };
})();
