"""The Chinese edition: link its shared files, build it, list its pages that lag behind the English ones.

    .venv/bin/python tools/zh_edition.py link
    .venv/bin/python tools/zh_edition.py build
    .venv/bin/python tools/zh_edition.py stale [--check]

The Chinese source of the English page ``P`` (``book/value/delivered-value.md``) is ``zh/P``, and ``zh/`` is
a Sphinx project of its own (``zh/_config.yml``, ``zh/_toc.yml``), so a page's labels, equations and
relative links mean what they mean in English. ``make site`` runs the three steps:

``link``
    A page's code finds the book's shared files the way the English page does (the glossary page reads
    ``book/glossary/*.yml`` under the folder that holds ``_toc.yml``): every file under ``book/`` and
    ``cases/`` that is not a page, and not the site's own ``book/assets/`` (which ``zh/_config.yml``
    names), is linked to from the same place under ``zh/`` (symbolic links, ignored by git); links whose
    file is gone are removed.
``build``
    Sphinx (through jupyter-book, as ``jupyter-book build zh -W -n --keep-going`` would) writes the
    edition into ``_build/html/zh/``, keeping its environment in ``_build/zh/.doctrees`` and its executed
    notebooks in ``_build/zh/jupyter_execute``; it reads the executed pages from the English edition's
    execution cache (``_build/.jupyter_cache``), which ``tools/execute_book.py`` fills for both editions.
``stale``
    Every Chinese page records the English file it was translated from, by its git blob
    (``crmlab: {translated_from: P, source_blob: <git hash-object P>}`` in its front matter). This lists
    the pages of ``_toc.yml`` with no Chinese page, and those whose English file's blob is no longer the
    one recorded (the English page changed since). ``--check`` exits 1 when it lists any.
    Generated pages (the exercise pages, written from their specs for both editions) are not listed.
    The data cards are listed too: each ``datasets/<name>/card.md`` needs its Chinese text in ``card.zh.md``,
    which records the blob of the ``card.md`` it was translated from (``translated_from``; see
    ``crmlab.data.translation_lags``).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from zh_parity import front_matter, git_blob

from crmlab import data
from crmlab.glossary import toc_docnames

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "zh"
SHARED = ("book", "cases")
SITE_FILES = "book/assets"
PAGE_SUFFIXES = (".md", ".ipynb")
GENERATED = "book/exercises/assignments/"
OUTPUT = ROOT / "_build" / "html" / "zh"
WORK = ROOT / "_build" / "zh"
CACHE = ROOT / "_build" / ".jupyter_cache"


# ------------------------------------------------------------------------------------------------
# link


def shared_files(root: Path = ROOT) -> list[Path]:
    """The English edition's files that are not pages (relative to ``root``), outside ``book/assets``."""
    found = []
    for top in SHARED:
        for path in sorted((root / top).rglob("*")):
            if (path.is_file() and path.suffix not in PAGE_SUFFIXES and "__pycache__" not in path.parts
                    and not path.is_relative_to(root / SITE_FILES)):
                found.append(path.relative_to(root))
    return found


def link(root: Path = ROOT) -> list[Path]:
    """Link every shared file into ``zh/`` (relative symbolic links); drop dangling links. Returns the new links."""
    made = []
    for rel in shared_files(root):
        where = root / "zh" / rel
        if where.is_symlink() or where.exists():
            continue
        where.parent.mkdir(parents=True, exist_ok=True)
        where.symlink_to(os.path.relpath(root / rel, where.parent))
        made.append(where)
    for top in SHARED:
        for path in (root / "zh" / top).rglob("*"):
            if path.is_symlink() and not path.exists():
                path.unlink()
    return made


# ------------------------------------------------------------------------------------------------
# build


def build() -> int:
    """Build the Chinese edition into ``_build/html/zh`` (warnings are errors, as for the English edition)."""
    from jupyter_book.sphinx import build_sphinx

    result = build_sphinx(
        ZH, OUTPUT, doctreedir=WORK / ".doctrees", noconfig=True, path_config=ZH / "_config.yml",
        confoverrides={
            "external_toc_path": (ZH / "_toc.yml").as_posix(),
            "latex_individualpages": False,
            "nitpicky": True,
            "nb_execution_cache_path": str(CACHE),
            "crmlab_execute_folder": str(WORK / "jupyter_execute"),
        },
        builder="html", warningiserror=True, keep_going=True,
    )
    if isinstance(result, Exception):
        raise result
    if not result:
        print(f"The Chinese edition is built: {OUTPUT / 'index.html'}")
    return int(result or 0)


# ------------------------------------------------------------------------------------------------
# stale


@dataclass
class Lag:
    """A page of the English edition (or a data card) whose Chinese text is missing or was translated from an
    older version; ``chinese`` is where that text lives when it is not ``zh/<page>``."""

    page: str
    reason: str
    chinese: str | None = None

    def __str__(self) -> str:
        return f"{self.chinese or 'zh/' + self.page}: {self.reason}"


def page_sources(root: Path = ROOT) -> list[str]:
    """The source files (``book/x.md``) of the pages of ``root/_toc.yml``, in order."""
    sources = []
    for docname in toc_docnames(root / "_toc.yml"):
        sources += [f"{docname}{suffix}" for suffix in PAGE_SUFFIXES if (root / f"{docname}{suffix}").is_file()][:1]
    return sources


def lagging(root: Path = ROOT) -> list[Lag]:
    """The English pages without a Chinese page, or whose Chinese page was translated from another version; then
    the data cards (``root/datasets``) without a complete Chinese version translated from their current card."""
    lags = []
    for page in page_sources(root):
        if page.startswith(GENERATED):
            continue
        chinese = root / "zh" / page
        if not chinese.is_file():
            lags.append(Lag(page, "missing (no Chinese page)"))
            continue
        meta = front_matter(chinese.read_text(encoding="utf-8")).get("crmlab") or {}
        if meta.get("translated_from") != page:
            lags.append(Lag(page, f"front matter crmlab.translated_from is {meta.get('translated_from')!r}, "
                                  f"expected {page!r}"))
            continue
        blob = git_blob(root / page)
        if meta.get("source_blob") != blob:
            lags.append(Lag(page, f"stale: translated from blob {meta.get('source_blob')}, the English page is now "
                                  f"{blob} (git diff {meta.get('source_blob')} {blob} shows what changed)"))
    if (root / "datasets").is_dir():
        for name, reason in data.translation_lags("zh", root / "datasets").items():
            card = f"datasets/{name}/card.md"
            lags.append(Lag(card, reason, chinese=f"datasets/{name}/{data.TRANSLATION_FILE.format(lang='zh')}"))
    return lags


def stale(check: bool = False) -> int:
    lags = lagging()
    if lags:
        print(f"Chinese pages and data cards to write or bring up to date ({len(lags)}):")
        print("\n".join(f"  {lag}" for lag in lags))
    else:
        print("Every Chinese page is translated from its English page's current version, and every data card's "
              "Chinese version from its current card.md.")
    return 1 if check and lags else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("link", help="link the shared files into zh/")
    commands.add_parser("build", help="build the Chinese edition into _build/html/zh")
    stale_parser = commands.add_parser("stale", help="list missing and stale Chinese pages")
    stale_parser.add_argument("--check", action="store_true", help="exit 1 if any page is missing or stale")
    args = parser.parse_args(argv)
    if args.command == "link":
        link()
        return 0
    if args.command == "build":
        return build()
    return stale(args.check)


if __name__ == "__main__":
    sys.exit(main())
