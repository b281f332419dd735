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
- Two editions, English and Chinese (``zh/``, its own Sphinx project): every page links to the same page in
  the other edition (``crmlab_other_edition`` in the edition's config: where its root is, relative to this
  edition's, its table of contents and its language), or to its home page when it has no such page; and
  ``<html lang>`` is the BCP 47 form of Sphinx's ``language`` (``zh_CN`` -> ``zh-CN``). The Chinese edition
  keeps its executed notebooks in its own folder (``crmlab_execute_folder``; myst-nb would put them beside
  its output, which is inside the English site).
- In the Chinese edition a line break inside a paragraph, next to a Chinese character or full-width
  punctuation, is dropped: a browser shows it as a space (Chromium does not apply CSS's rule that removes
  such breaks between CJK characters), and Chinese puts no spaces between words.
- A calculator's notebook output also carries its ipywidgets form (for Jupyter), which the book does
  not show (``nb_mime_priority_overrides`` prefers the HTML form): the widget state myst-nb would
  embed, and the widget manager's loader, are dropped from pages that show no widget.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ConfigError

from crmlab.glossary import toc_docnames

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


# myst-nb's folded-cell prompts ("Show code cell {type}") in the Chinese edition.
CODE_PROMPTS_ZH = {f"{verb} code cell {kind}": f"{verb_zh}{kind_zh}"
                   for verb, verb_zh in (("Show", "显示"), ("Hide", "隐藏"))
                   for kind, kind_zh in (("source", "代码"), ("content", "代码与输出"), ("output", "输出"),
                                         ("outputs", "输出"))}


def add_page_context(app, pagename, templatename, context, doctree) -> None:
    context.setdefault("default_mode", "auto")
    body = context.get("body")
    if body:
        body = body.replace('role="doc-biblioentry"', 'role="listitem"')
        # myst-nb's "Show code cell source" toggles: the fixed label hid what the toggle says it does.
        body = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")
        if (app.config.language or "").startswith("zh"):  # myst-nb's prompts exist in English only
            for english, chinese in CODE_PROMPTS_ZH.items():
                body = body.replace(f">{english}<", f">{chinese}<")
        context["body"] = body
    if doctree is None or not _is_notebook(app, pagename) or context.get("ipynb_source"):
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix == ".ipynb":
        return  # the theme's "download source" button already offers the notebook itself
    executed = Path(app.env.mystnb_config.output_folder) / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def html_lang(language: str | None) -> str:
    """The BCP 47 language tag ``<html lang>`` wants for Sphinx's ``language`` (``zh_CN`` -> ``zh-CN``).

    >>> html_lang("zh_CN"), html_lang("en"), html_lang(None)
    ('zh-CN', 'en', 'en')
    """
    return (language or "en").replace("_", "-")


def other_edition_pages(app, config) -> None:
    """Which pages the other edition has (the pages of its table of contents whose source exists), its root first.

    Kept as a config value that makes Sphinx write every page again when it changes, so that a page's link
    follows when its translation appears.
    """
    other = config.crmlab_other_edition
    if not other:
        return
    missing = {"url", "toc", "language", "label", "title"} - set(other)
    if missing:
        raise ConfigError(f"crmlab_other_edition lacks {', '.join(sorted(missing))}: it needs url (its root, relative "
                          "to this edition's), toc (its _toc.yml, relative to this project), language, label and title")
    toc = Path(app.srcdir, other["toc"]).resolve()
    if not toc.is_file():
        raise ConfigError(f"crmlab_other_edition: its table of contents {toc} does not exist")
    names = toc_docnames(toc)
    exists = {name for name in names if any((toc.parent / f"{name}{suffix}").is_file() for suffix in (".md", ".ipynb"))}
    config.crmlab_other_pages = [names[0]] + sorted(exists - {names[0]})


def language_switch(app, pagename, templatename, context, doctree) -> None:
    """``<html lang>``, and the link to this page in the other edition (its home page if it has no such page)."""
    context["language"] = html_lang(app.config.language)
    other = app.config.crmlab_other_edition
    if not other:
        return
    pages = app.config.crmlab_other_pages
    target = pagename if pagename in pages else pages[0]
    url = context["pathto"](f"{other['url']}{target}.html", 1)
    lang = html_lang(other["language"])
    context["crmlab_language_switch"] = {"url": url, "lang": lang, "label": other["label"], "title": other["title"]}
    context["metatags"] = (context.get("metatags") or "") + f'\n<link rel="alternate" hreflang="{lang}" href="{url}">'


# Chinese characters, and the full-width punctuation and the corner brackets Chinese text uses.
CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026"
SOFT_BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\n[ \t]*|[ \t]*\n[ \t]*(?=[{CJK}])")


def join_cjk_lines(text: str, before: str = "", after: str = "") -> str:
    r"""``text`` without the line breaks next to a Chinese character (``before``/``after``: the text around it).

    >>> join_cjk_lines("顾客\n忠诚, loyal\ncustomers")
    '顾客忠诚, loyal\ncustomers'
    >>> join_cjk_lines("\n对产品", before="要求"), join_cjk_lines("or\n", after="服务")
    ('对产品', 'or')
    >>> join_cjk_lines("实行", after="\n"), join_cjk_lines("\n", before="实行", after="全面")
    ('实行', '')
    """
    # The characters around, or a neutral one (not Chinese, not a space: the pattern never removes it).
    first, last = (before[-1:] if before[-1:].strip() else "x"), (after[:1] if after[:1].strip() else "x")
    return SOFT_BREAK.sub("", f"{first}{text}{last}")[1:-1]


def drop_cjk_line_breaks(app, doctree) -> None:
    """Join the soft line breaks of a Chinese page's paragraphs (only when the edition's language is Chinese)."""
    if not (app.config.language or "").startswith("zh"):
        return
    for paragraph in doctree.findall(nodes.paragraph):
        texts = [node for node in paragraph.findall(nodes.Text)
                 if not any(isinstance(a, (nodes.literal, nodes.math, nodes.raw)) for a in _ancestors(node, paragraph))]
        for index, node in enumerate(texts):
            before = texts[index - 1].astext() if index else ""
            after = texts[index + 1].astext() if index + 1 < len(texts) else ""
            joined = join_cjk_lines(node.astext(), before, after)
            if joined != node.astext():
                # By identity: Text is a str, and ``Element.replace`` finds the first child *equal* to it.
                new = nodes.Text(joined)
                new.parent, siblings = node.parent, node.parent.children
                siblings[next(i for i, child in enumerate(siblings) if child is node)] = new


def _ancestors(node, stop):
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


def use_execute_folder(app) -> None:
    """Keep this edition's executed notebooks in ``crmlab_execute_folder`` when it is set."""
    if app.config.crmlab_execute_folder:
        app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(app.config.crmlab_execute_folder))


def setup(app):
    app.add_config_value("crmlab_other_edition", {}, "html")
    app.add_config_value("crmlab_other_pages", [], "html")
    app.add_config_value("crmlab_execute_folder", "", "env")
    app.connect("config-inited", other_edition_pages)
    app.connect("builder-inited", check_launch_config)
    # After myst-nb has set its output folder (builder-inited, priority 500).
    app.connect("builder-inited", use_execute_folder, priority=600)
    app.connect("html-page-context", language_switch)
    app.connect("doctree-read", drop_cjk_line_breaks)
    # Before sphinx-book-theme's header buttons (priority 501) read ``ipynb_source``.
    app.connect("html-page-context", add_page_context, priority=499)
    # After myst-nb (priority 500) has added a page's widget scripts.
    app.connect("html-page-context", calculator_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
