"""CRM Lab's site tweaks for jupyter-book 1.x (a local Sphinx extension, listed in ``_config.yml``).

- Every notebook page gets a download link for its executed ``.ipynb``. sphinx-book-theme only
  copies the notebook into ``_sources/`` when a launch button is configured; we do it always, so
  readers can download a page's notebook with no JupyterHub or Binder set up.
- Launch buttons (JupyterHub / Binder / Colab) need ``repository: url:`` in ``_config.yml``; without it
  sphinx-book-theme fails with an obscure TypeError, so we stop the build with a clear message.
- Bibliography entries get ``role="listitem"`` (Sphinx writes ``role="doc-biblioentry"`` inside a
  ``role="list"``, which assistive technology, and axe-core's critical rule aria-required-children,
  reject: a list must contain list items).
- myst-nb's code-cell toggles lose their fixed ``aria-label="Toggle hidden content"``, so their
  accessible name is the text they show ("Show code cell source"; axe: label-content-name-mismatch).
- The colour-mode switcher gets a valid default (``auto``: follow the reader's system setting)
  instead of an empty string, which pydata-sphinx-theme reports as a console error on every page.
- A page with a calculator (``crmlab.calculators``: ``data-crmlab-calculator`` in its body) loads the
  calculators' engine and the ports of crmlab's formulas (``static/crmlab-calculators.js`` and
  ``crmlab-formulas.js``); other pages load neither.
- A calculator's notebook output also carries its ipywidgets form (for Jupyter), which the book does
  not show (``nb_mime_priority_overrides`` prefers the HTML form): the widget state myst-nb would
  embed, and the widget manager's loader, are dropped from pages that show no widget.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.errors import ConfigError

LAUNCH_KEYS = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "jupyterlite_url")
CALCULATOR_SCRIPTS = ("crmlab-calculators.js", "crmlab-formulas.js")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def calculator_scripts(app, pagename, templatename, context, doctree) -> None:
    """Load the calculators' scripts where a calculator is; drop ipywidgets' scripts where no widget is."""
    body = context.get("body") or ""
    if WIDGET_VIEW not in body and "script_files" in context:
        context["script_files"][:] = [js for js in context["script_files"]
                                      if js.attributes.get("type") != WIDGET_STATE
                                      and not str(js.filename or "").endswith("crmlab-widgets.js")]
    if "data-crmlab-calculator" in body:
        for priority, name in enumerate(CALCULATOR_SCRIPTS, start=600):
            app.add_js_file(name, priority=priority, defer="defer")


def _is_notebook(app, pagename: str) -> bool:
    metadata = app.env.metadata.get(pagename, {})
    return "kernelspec" in metadata or Path(app.env.doc2path(pagename)).suffix == ".ipynb"


def check_launch_config(app) -> None:
    options = app.config.html_theme_options or {}
    launch = options.get("launch_buttons") or {}
    wanted = [key for key in LAUNCH_KEYS if str(launch.get(key) or "").strip()]
    if wanted and not str(options.get("repository_url") or "").strip():
        raise ConfigError(
            f"launch_buttons {', '.join(wanted)} set in _config.yml but repository: url: is empty; "
            "launch buttons open the notebook from the public repository, so set its URL "
            "(e.g. https://github.com/<org>/<repo>) or leave the launch URLs empty"
        )


def add_page_context(app, pagename, templatename, context, doctree) -> None:
    context.setdefault("default_mode", "auto")
    body = context.get("body")
    if body:
        body = body.replace('role="doc-biblioentry"', 'role="listitem"')
        # myst-nb's "Show code cell source" toggles: the fixed label hid what the toggle says it does.
        context["body"] = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")
    if doctree is None or not _is_notebook(app, pagename) or context.get("ipynb_source"):
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix == ".ipynb":
        return  # the theme's "download source" button already offers the notebook itself
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    app.connect("builder-inited", check_launch_config)
    # Before sphinx-book-theme's header buttons (priority 501) read ``ipynb_source``.
    app.connect("html-page-context", add_page_context, priority=499)
    # After myst-nb (priority 500) has added a page's widget scripts.
    app.connect("html-page-context", calculator_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
