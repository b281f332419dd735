/* CRM Lab: small accessibility fixes applied on every page (listed in _config.yml, html_js_files).
 *
 * - A box that scrolls sideways (a wide table, equation, chart or code block on a phone) must be
 *   reachable with the keyboard so it can be scrolled without a mouse: give it tabindex="0" and a name.
 * - sphinx-copybutton's buttons carry only a tooltip: give them an accessible name.
 * - The sidebar's expand/collapse toggles (a bare chevron) get a name; text toggles keep their text.
 */
(function () {
  "use strict";
  var SCROLLERS = [
    "pre", ".bd-article .cell_output .output", ".bd-article .cell_output .text_html",
    ".bd-article .table-wrapper", ".bd-article table.table", ".bd-article table.docutils",
    ".bd-article .widget-subarea", ".bd-article .vega-embed", ".bd-article mjx-container"
  ].join(", ");

  function fixScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      var tab = el.getAttribute("tabindex");
      // pydata-sphinx-theme marks code blocks -1 when they fit; they may stop fitting once fonts load.
      if (scrolls && (tab === null || tab === "-1")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-crmlab-scroll", "");
        if (!el.hasAttribute("aria-label") && !el.hasAttribute("role")) {
          el.setAttribute("role", "region");
          el.setAttribute("aria-label", "scrollable content");
        }
      } else if (!scrolls && el.hasAttribute("data-crmlab-scroll")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-crmlab-scroll");
        if (el.getAttribute("aria-label") === "scrollable content") {
          el.removeAttribute("role");
          el.removeAttribute("aria-label");
        }
      }
    });
  }

  // The navigation's expand/collapse toggles show only a chevron: name them after their section.
  // sphinx-togglebutton's toggles: let their visible text ("Show ...") be their name.
  function nameToggles() {
    document.querySelectorAll("nav li > details > summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.hasAttribute("aria-label")) return;
      var link = summary.closest("li").querySelector(":scope > a");
      var title = link ? link.textContent.trim() : "";
      summary.setAttribute("aria-label", title ? "Sections of " + title : "Sections");
    });
    document.querySelectorAll('summary[aria-label="Toggle hidden content"]').forEach(function (summary) {
      if (summary.textContent.trim()) summary.removeAttribute("aria-label");
    });
  }

  function nameCopyButtons() {
    document.querySelectorAll("button.copybtn:not([aria-label])").forEach(function (b) {
      b.setAttribute("aria-label", b.getAttribute("data-tooltip") || "Copy");
    });
  }

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(function () { fixScrollers(); nameCopyButtons(); nameToggles(); }, 100);
  }

  window.addEventListener("load", function () {
    fixScrollers();
    nameCopyButtons();
    nameToggles();
    if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
      window.MathJax.startup.promise.then(later);
    }
    window.addEventListener("resize", later);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(later);
    // Widgets and charts render after load.
    var article = document.querySelector(".bd-article");
    if (article && "MutationObserver" in window) {
      new MutationObserver(later).observe(article, { childList: true, subtree: true });
    }
  });
})();
