/* CRM Lab: load the ipywidgets HTML manager only when a reader gets near a widget.
 *
 * The manager (require.js + @jupyter-widgets/html-manager embed-amd.js) is 3.7 MB. myst-nb puts it only
 * on pages that carry widget state; this loader goes further and fetches it when a widget snapshot
 * comes within 200 px of the viewport (or when printing, or when window.crmlabLoadWidgets() is called,
 * which the browser tests and the screenshot script do). The files are served from _static/, never a CDN.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/crmlab-widgets\.js(\?.*)?$/, "") : "_static/";
  var started = null;

  function add(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = base + src;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(tag);
    });
  }

  // ipywidgets typesets labels with the MathJax 2 API (MathJax.Hub.Queue); the site runs MathJax 3.
  function mathjaxShim() {
    var mj = window.MathJax;
    if (!mj || mj.Hub || !mj.typesetPromise) return;
    mj.Hub = {
      Queue: function (job) {
        var el = job && job[2];
        if (!el) return;
        var ready = (mj.startup && mj.startup.promise) || Promise.resolve();
        ready.then(function () { return mj.typesetPromise([el]); }).catch(function () {});
      }
    };
  }

  // The manager's bundles find their fonts next to where require.js thinks the modules live:
  // point those module ids at the local html-manager folder (else the fonts 404 under the page's URL).
  function configure() {
    var dir = base + "html-manager/";
    window.require.config({
      paths: {
        "@jupyter-widgets/html-manager/dist": dir.slice(0, -1),
        "@jupyter-widgets/html-manager": dir + "html-manager",
        "@jupyter-widgets/base": dir + "base",
        "@jupyter-widgets/base7": dir + "base7",
        "@jupyter-widgets/controls": dir + "controls",
        "@jupyter-widgets/controls7": dir + "controls7",
        "@jupyter-widgets/output": dir + "output"
      }
    });
  }

  // ipywidgets' sliders (noUiSlider) give the draggable handle role="slider" but no name: name it
  // after the widget's label so a screen reader says "Years, slider, 3" rather than "slider".
  function nameSliders(root) {
    root.querySelectorAll(".noUi-handle:not([aria-label]):not([aria-labelledby])").forEach(function (handle) {
      var widget = handle.closest(".widget-slider, .jupyter-widgets");
      var label = widget && widget.querySelector(".widget-label");
      var text = label && label.textContent.trim();
      handle.setAttribute("aria-label", text || "value");
    });
  }

  function watchSliders() {
    nameSliders(document);
    new MutationObserver(function () { nameSliders(document); })
      .observe(document.body, { childList: true, subtree: true });
  }

  function load() {
    if (!started) {
      mathjaxShim();
      watchSliders();
      started = add("requirejs/require.js").then(function () {
        configure();
        return add("html-manager/embed-amd.js");
      });
      started.catch(function (err) { console.error("CRM Lab widgets:", err.message); });
    }
    return started;
  }
  window.crmlabLoadWidgets = load;

  function watch() {
    var views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
    if (!views.length) return;
    if (!("IntersectionObserver" in window)) { load(); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { observer.disconnect(); load(); }
    }, { rootMargin: "200px 0px" });
    // A <script> has no box; watch the output area that holds it.
    views.forEach(function (view) { observer.observe(view.parentElement || document.body); });
    window.addEventListener("beforeprint", load);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
