"""Compare an English page with its Chinese translation: what the Chinese edition's contract says must stay the same.

    .venv/bin/python tools/zh_parity.py ENGLISH.md CHINESE.md [--site _build/html]

(the translators' checker, ``check_zh.py``, with the same command line). It prints the differences and exits 1
if there are any. In the sources (``differences``): the front matter (``crmlab.translated_from`` and
``source_blob``, ``jupytext`` and ``kernelspec``), the ``covers`` comment, heading levels, ``(label)=``
targets, ``:label:``/``:name:`` options, directives and their ``:class:``/``:tags:``, the targets of
cross-reference, citation and glue roles, every code cell's code up to ``lang="zh"``, crmlab's
``translate(…, "zh")`` and string literals, and the numbers in the prose. With ``--site`` also in the built
pages (``built_differences``, which reads the HTML Sphinx wrote, so glued and computed numbers count): the
same figures and calculators, the same self-check questions with their answers folded the same way, and every
number the English page shows also shown in the Chinese one. ``tests/test_zh_parity.py`` runs both on every page pair.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

from crmlab.data import git_blob  # the blob git stores for a file (git hash-object), computed without git

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^(```+|:::+)\{([\w:-]+)\}(.*)$", re.M)
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.M | re.S)
LABEL_TARGET = re.compile(r"^\(([^)\s]+)\)=\s*$", re.M)
LABEL_OPTION = re.compile(r"^:(?:label|name):\s*(\S+)", re.M)
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
COVERS = re.compile(r"<!--\s*covers:(.*?)-->")
HEADING = re.compile(r"^(#{1,6})\s", re.M)
# (check_zh.py's ``\d[\d,]*`` took the comma after a number in a list, "1, 2 and 3", as part of it.)
NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?")
STRING = re.compile(r"(?:[rfbu]{0,2})(\"\"\".*?\"\"\"|'''.*?'''|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*')", re.S)
LANG = re.compile(r",?\s*lang\s*=\s*[\"']zh[\"']")


def front_matter(text: str) -> dict:
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:text.index("\n---", 4)]) or {}


def body(text: str) -> str:
    return text[text.index("\n---", 4) + 4:] if text.startswith("---\n") else text


def target(role: str, content: str) -> str:
    if role.startswith(("glue", "cite")) or role in {"eq", "numref", "ref", "prf:ref", "doc", "download"}:
        match = re.search(r"<([^>]+)>\s*$", content)
        return match.group(1) if match and role not in {"eq"} and not role.startswith("glue") else content
    return ""


def roles(text: str) -> Counter:
    found = Counter()
    for role, content in ROLE.findall(text):
        kept = target(role, content)
        if kept:
            found[(role, kept.strip())] += 1
        else:
            found[(role, "")] += 1
    return found


CELL_OPTIONS = re.compile(r"\A---\n(.*?\n)---\n", re.S)
# Cell options a reader sees (a figure's caption, an image's alt text): translated, so compared as text.
READER_OPTIONS = (("mystnb", "figure", "caption"), ("mystnb", "image", "alt"))


def normal_options(options: str) -> str:
    """A code cell's YAML options with the reader-facing texts blanked out."""
    data = yaml.safe_load(options) or {}
    for keys in READER_OPTIONS:
        holder = data
        for key in keys[:-1]:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and keys[-1] in holder:
            holder[keys[-1]] = "S"
    return yaml.safe_dump(data, sort_keys=True)


def untranslated(code: str) -> str:
    """``code`` without the ``translate(…, "zh")`` of crmlab that a Chinese page puts around a table it shows (and
    its import): like ``lang="zh"``, the language a table is shown in."""
    code = re.sub(r"^from crmlab import translate\n", "", code, flags=re.M)
    start = code.find("translate(")
    while start != -1:
        depth, end = 0, None
        for index in range(start + len("translate"), len(code)):
            depth += {"(": 1, ")": -1}.get(code[index], 0)
            if depth == 0:
                end = index
                break
        inner = code[start + len("translate("):end] if end is not None else ""
        if end is None or not re.search(r',\s*"zh"\s*$', inner):
            start = code.find("translate(", start + 1)
            continue
        code = code[:start] + re.sub(r',\s*"zh"\s*$', "", inner) + code[end + 1:]
        start = code.find("translate(", start)
    return code


def normal_code(code: str) -> str:
    code = untranslated(code)
    code = CELL_OPTIONS.sub(lambda m: f"---\n{normal_options(m.group(1))}---\n", code.lstrip("\n"))
    code = LANG.sub("", code)
    code = STRING.sub('"S"', code)
    return "\n".join(line.rstrip() for line in code.strip().splitlines())


def prose(text: str) -> str:
    text = CODE_CELL.sub("", text)
    text = ROLE.sub(lambda m: "" if m.group(1).startswith(("glue", "cite", "eq", "ref", "numref", "prf", "doc"))
                    else m.group(2), text)
    text = LABEL_OPTION.sub("", text)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", "", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return text


def page_name(path: Path) -> str:
    """The page's path as the front matter names it: relative to the repository when it is inside it."""
    resolved = path.resolve()
    return resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else str(path)


def differences(english_path: Path, chinese_path: Path, blob: bool = True) -> list[str]:
    """What differs between the sources (``blob=False``: leave out whether ``source_blob`` is current,
    which ``tools/zh_edition.py stale`` lists)."""
    english, chinese = english_path.read_text(encoding="utf-8"), chinese_path.read_text(encoding="utf-8")
    problems = []
    meta = front_matter(chinese).get("crmlab", {})
    if meta.get("translated_from") != page_name(english_path):
        problems.append(f"front matter crmlab.translated_from is {meta.get('translated_from')!r}, "
                        f"expected {page_name(english_path)!r}")
    if blob:
        current = git_blob(english_path)
        if meta.get("source_blob") != current:
            problems.append(f"front matter crmlab.source_blob is {meta.get('source_blob')!r}; the English file's is "
                            f"{current}")
    for key in ("jupytext", "kernelspec"):
        if front_matter(english).get(key) != front_matter(chinese).get(key):
            problems.append(f"front matter {key} differs from the English page's")
    e, c = body(english), body(chinese)
    checks = {
        "covers comment": (COVERS.findall(e), COVERS.findall(c)),
        "heading levels": ([len(h) for h in HEADING.findall(CODE_CELL.sub("", e))],
                           [len(h) for h in HEADING.findall(CODE_CELL.sub("", c))]),
        "(label)= targets": (LABEL_TARGET.findall(e), LABEL_TARGET.findall(c)),
        ":label:/:name: options": (LABEL_OPTION.findall(e), LABEL_OPTION.findall(c)),
        "directives": (sorted(Counter(d for _, d, _ in FENCE.findall(e)).items()),
                       sorted(Counter(d for _, d, _ in FENCE.findall(c)).items())),
        "directive options (:class:, :tags:)": (re.findall(r"^:(?:class|tags):.*$", e, re.M),
                                               re.findall(r"^:(?:class|tags):.*$", c, re.M)),
    }
    for name, (want, got) in checks.items():
        if want != got:
            problems.append(f"{name}: English {want} / Chinese {got}")
    want, got = roles(e), roles(c)
    for key in sorted(set(want) | set(got)):
        if want[key] != got[key] and key[1]:
            problems.append(f"role {{{key[0]}}}`{key[1]}`: {want[key]} in English, {got[key]} in Chinese")
    e_cells, c_cells = CODE_CELL.findall(e), CODE_CELL.findall(c)
    if len(e_cells) != len(c_cells):
        problems.append(f"{len(e_cells)} code cells in English, {len(c_cells)} in Chinese")
    for index, (a, b) in enumerate(zip(e_cells, c_cells), 1):
        if normal_code(a) != normal_code(b):
            problems.append(f"code cell {index} differs beyond lang=\"zh\" and string literals:\n"
                            f"--- en\n{a}\n--- zh\n{b}")
    zh_text = prose(c)
    missing = [n for n in dict.fromkeys(NUMBER.findall(prose(e))) if n not in zh_text]
    if missing:
        problems.append(f"numbers in the English prose not in the Chinese prose: {missing}")
    return problems


# ------------------------------------------------------------------------------------------------
# The built pages

# A number as a reader sees it, in English or Chinese text: digits not glued to a Latin letter or digit
# before them (in Chinese, 第5章 shows the number 5; in English, CO2 or B2B shows none).
SHOWN_NUMBER = re.compile(r"(?<![0-9A-Za-z_.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![0-9A-Za-z_.,])\d+(?:\.\d+)?")
CHART = ".vega-embed, [id^='altair-viz'], [data-vega-embed]"


def built_facts(html: str) -> dict:
    """What a reader sees in a built page's article: its figures, calculators, self-check answers and numbers."""
    from bs4 import BeautifulSoup

    article = BeautifulSoup(html, "html.parser").select_one("article.bd-article")
    if article is None:
        return {"figures": 0, "charts": 0, "calculators": [], "answers": [], "numbers": set()}
    for hidden in article.select("script, style, template"):
        hidden.decompose()
    calculators = [tag["data-crmlab-calculator"] for tag in article.select("[data-crmlab-calculator]")]
    return {
        # Images a page's code drew (matplotlib), and charts outside calculators (altair).
        "figures": len(article.select("img")),
        "charts": len([tag for tag in article.select(CHART)
                       if not tag.find_parent(attrs={"data-crmlab-calculator": True})]),
        "calculators": calculators,
        # Self-check answers: one folded block per question, folded the same way (its classes).
        "answers": [" ".join(tag.get("class", [])) for tag in article.select("details")],
        "numbers": set(SHOWN_NUMBER.findall(article.get_text(" "))),
    }


def built_differences(english_html: Path, chinese_html: Path) -> list[str]:
    """What differs between the built English and Chinese pages (figures, calculators, answers, numbers)."""
    if not english_html.is_file() or not chinese_html.is_file():
        return [f"not built: {path}" for path in (english_html, chinese_html) if not path.is_file()]
    english = built_facts(english_html.read_text(encoding="utf-8"))
    chinese = built_facts(chinese_html.read_text(encoding="utf-8"))
    problems = []
    for key, what in (("figures", "figures (images)"), ("charts", "charts"), ("calculators", "calculators"),
                      ("answers", "folded blocks (self-check answers, hidden code), by class")):
        if english[key] != chinese[key]:
            problems.append(f"built pages: {what}: English {english[key]} / Chinese {chinese[key]}")
    missing = sorted(english["numbers"] - chinese["numbers"], key=lambda n: float(n.replace(",", "")))
    if missing:
        problems.append(f"built pages: numbers the English page shows and the Chinese page does not: {missing}")
    return problems


def html_path(site: Path, source: Path, edition: str = "") -> Path:
    """The built page of a page's source (``book/x.md`` -> ``SITE/book/x.html``; ``edition="zh/"`` for Chinese)."""
    return site / edition / Path(page_name(source)).with_suffix(".html")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("english", type=Path, help="the English page (book/x.md)")
    parser.add_argument("chinese", type=Path, help="its Chinese page (zh/book/x.md)")
    parser.add_argument("--site", type=Path, help="the built site (_build/html): compare the built pages too")
    args = parser.parse_args(argv)
    for path in (args.english, args.chinese):
        if not path.is_file():
            parser.error(f"no such page: {path}")
    found = differences(args.english, args.chinese)
    if args.site:
        found += built_differences(html_path(args.site, args.english), html_path(args.site, args.english, "zh/"))
    print("\n".join(found) if found else "same structure, code, references and numbers")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
