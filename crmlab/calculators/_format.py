"""Numbers and result sentences as the calculators show them, the same in Python and in the browser.

A calculator's sentence is a *template*: text with placeholders filled from
the named results of its compute function (and its controls' values). The
template is parsed here once into a small tree (plain lists and strings, so
that it travels as JSON); :func:`render` fills it in Python (ipywidgets, the
starting sentence of the browser form) and ``crmlab-calculators.js`` fills the
same tree in the browser, with the same number formatting (the tests compare
the two at many points).

Placeholders:

- ``{name}``, ``{name:spec}``, ``{name.field:spec}``: a result (dotted paths
  reach into dictionaries); ``spec`` is a Python format spec of the form
  ``[+][,][.N](f|%|g)``; a list is shown as its items joined by ", " (an
  empty one as "—");
- ``{name, select, key {…} other {…}}``: the branch whose key is the value
  (ICU MessageFormat's ``select``; ``=3`` matches the number 3, ``true`` and
  ``false`` match booleans; ``other`` matches the rest); branches nest;
- ``{~term}``: a glossary term, in English followed by its Chinese name
  (``lang="en"``) or in Chinese (``lang="zh"``); ``{name~}`` does the same for
  the term a result names (a segment, a quadrant…);
- ``{{`` and ``}}`` are literal braces; ``\\n`` starts a new line.

>>> tree = parse("Offer {chosen} wins by {lead:,.0f}{lead, select, =1 { unit} other { units}}.")
>>> render(tree, {"chosen": "B", "lead": 1234})
'Offer B wins by 1,234 units.'
>>> fmt(-0.004, ".2f"), fmt(0.456, ".0%"), fmt(float("inf"), ".2f")
('0.00', '46\\xa0%', '∞')
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from numbers import Real
from typing import Any

from crmlab._lang import LANGUAGES  # noqa: F401 - the calculators read the languages here

SPEC = re.compile(r"^(?P<sign>\+?)(?P<comma>,?)(?:\.(?P<precision>\d{1,2}))?(?P<kind>[f%g])$")
"""The format specs a calculator may use (a subset of Python's, which the browser reproduces exactly)."""

MINUS = "\u2212"
PERCENT = {"en": "\u00a0%", "zh": "%"}
"""How a percentage ends: English typesetting puts a (non-breaking) space before %, Chinese none."""



class TemplateError(ValueError):
    """A template that cannot be parsed, or a placeholder whose value cannot be shown."""


def check_spec(spec: str) -> str:
    """``spec`` if it is a format spec the calculators support, else a ``TemplateError`` saying which are.

    >>> check_spec(",.2f")
    ',.2f'
    >>> check_spec("08.3f")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    crmlab.calculators._format.TemplateError: format spec '08.3f' is not supported: use [+][,][.N] followed by ...
    """
    if spec and not SPEC.match(spec):
        raise TemplateError(f"format spec {spec!r} is not supported: use [+][,][.N] followed by f, % or g "
                            "(e.g. ',.0f', '.1%', '+.2f')")
    return spec


def fmt(value: Any, spec: str = "", lang: str = "en") -> str:
    """A number as the calculators show it: Python's ``format`` with a true minus sign and no negative zero.

    With no spec a whole number shows its digits and any other number Python's
    shortest ``repr``; infinities show as ∞; ``%`` multiplies by 100 and ends
    with " %" in English, "%" in Chinese.

    >>> fmt(-1234.5, ",.1f"), fmt(2920.0), fmt(0.25), fmt(-float("inf"), ".0f")
    ('−1,234.5', '2920', '0.25', '−∞')
    >>> fmt(0.5, "+.0%", lang="zh")
    '+50%'
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TemplateError(f"a number was expected, got {value!r} ({type(value).__name__})")
    value = float(value)
    spec = check_spec(spec)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return ("+" if spec.startswith("+") and value > 0 else "") + ("∞" if value > 0 else MINUS + "∞")
    if not spec:
        text = str(int(value)) if value.is_integer() else repr(value)
    elif spec.endswith("%"):
        text = format(value * 100, spec[:-1] + "f")  # what Python's own "%" does: multiply, then "f"
    else:
        text = format(value, spec)
    if text[0] in "+-" and not text.strip("+-0.,"):  # "-0.00" would read as a negative zero
        text = ("+" if spec.startswith("+") else "") + text[1:]
    text = text.replace("-", MINUS)
    return text + PERCENT[lang] if spec.endswith("%") else text


# ---------------------------------------------------------------------------------------------------------
# Templates

_TOKEN = re.compile(r"\{\{|\}\}|\{|\}|[^{}]+")
_PATH = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
_VALUE = re.compile(rf"^\s*(?P<path>{_PATH})\s*(?P<term>~?)\s*(?::(?P<spec>[^{{}}]*))?$")
_SELECT = re.compile(rf"^\s*(?P<path>{_PATH})\s*,\s*select\s*,\s*")
_KEY = re.compile(r"\s*(?P<key>=-?\d+(?:\.\d+)?|[A-Za-z0-9_ .'-]+?)\s*\{")


def parse(template: str) -> list:
    """The tree of ``template``: a list of ``["t", text]``, ``["v", path, spec]``, ``["s", path, branches]``,
    ``["term", key]`` and ``["vt", path]`` nodes (see the module docstring).

    >>> parse("{n:,.0f} {n, select, =1 {customer} other {customers}} ({~churn rate})")
    [['v', ['n'], ',.0f'], ['t', ' '], ['s', ['n'], {'=1': [['t', 'customer']], 'other': [['t', 'customers']]}], \
['t', ' ('], ['term', 'churn rate'], ['t', ')']]
    """
    if not isinstance(template, str):
        raise TemplateError(f"a template must be text, got {template!r}")
    tree, rest = _parse(template, 0, top=True)
    return tree


def _parse(text: str, start: int, top: bool) -> tuple[list, int]:
    nodes: list = []
    position = start
    while position < len(text):
        if text.startswith("{{", position) or text.startswith("}}", position):
            _add_text(nodes, text[position])
            position += 2
        elif text[position] == "}":
            if top:
                raise TemplateError(f"unmatched '}}' at character {position} of {text!r}")
            return nodes, position
        elif text[position] == "{":
            end = _matching(text, position)
            nodes.append(_placeholder(text, position + 1, end))
            position = end + 1
        else:
            plain = re.match(r"[^{}]+", text[position:]).group(0)
            _add_text(nodes, plain)
            position += len(plain)
    if not top:
        raise TemplateError(f"unclosed '{{' in {text!r}")
    return nodes, position


def _add_text(nodes: list, text: str) -> None:
    if nodes and nodes[-1][0] == "t":
        nodes[-1][1] += text
    else:
        nodes.append(["t", text])


def _matching(text: str, start: int) -> int:
    """Position of the '}' closing the '{' at ``start`` (braces nest; '{{' inside is not an escape)."""
    depth = 0
    for position in range(start, len(text)):
        if text[position] == "{":
            depth += 1
        elif text[position] == "}":
            depth -= 1
            if depth == 0:
                return position
    raise TemplateError(f"unclosed '{{' at character {start} of {text!r}")


def _placeholder(text: str, start: int, end: int) -> list:
    inner = text[start:end]
    if inner.startswith("~"):
        key = inner[1:].strip()
        if not key:
            raise TemplateError(f"'{{~}}' needs a glossary term, in {text!r}")
        return ["term", key]
    select = _SELECT.match(inner)
    if select:
        return ["s", select.group("path").split("."), _branches(text, start + select.end(), end)]
    value = _VALUE.match(inner)
    if not value:
        raise TemplateError(f"cannot read the placeholder {{{inner}}} in {text!r}: write {{name}}, {{name:spec}}, "
                            "{name, select, key {…} other {…}}, {~term} or {name~}")
    path = value.group("path").split(".")
    if value.group("term"):
        if value.group("spec"):
            raise TemplateError(f"a term placeholder takes no format spec: {{{inner}}}")
        return ["vt", path]
    return ["v", path, check_spec((value.group("spec") or "").strip())]


def _branches(text: str, start: int, end: int) -> dict:
    branches: dict = {}
    position = start
    while position < end:
        if text[position:end].strip() == "":
            break
        key = _KEY.match(text, position, end)
        if not key:
            raise TemplateError(f"a select branch must read 'key {{text}}', near {text[position:end]!r}")
        opening = key.end() - 1
        closing = _matching(text, opening)
        tree, _ = _parse(text[opening + 1:closing] + "}", 0, top=False)
        branches[key.group("key")] = tree
        position = closing + 1
    if not branches:
        raise TemplateError(f"a select placeholder needs at least one branch, in {text!r}")
    return branches


def lookup(values: Mapping[str, Any], path: list[str]) -> Any:
    """The value at a dotted ``path`` of the results (dictionaries all the way down)."""
    value: Any = values
    for depth, key in enumerate(path):
        if not isinstance(value, Mapping) or key not in value:
            raise TemplateError(f"the sentence needs {'.'.join(path[:depth + 1])!r}, which the results do not have "
                                f"(they have {sorted(value) if isinstance(value, Mapping) else value!r})")
        value = value[key]
    return value


def selector(value: Any) -> str:
    """The key a value selects in a ``select`` placeholder (numbers also try their ``=N`` branch first)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    return str(value)


def render(tree: list, values: Mapping[str, Any], lang: str = "en",
           term: Callable[[str, str], str] | None = None) -> str:
    """Fill the template ``tree`` with ``values``; ``term(key, lang)`` names glossary terms.

    >>> render(parse("{ok, select, true {fine} other {not fine}}"), {"ok": False})
    'not fine'
    """
    out = []
    for node in tree:
        kind = node[0]
        if kind == "t":
            out.append(node[1])
        elif kind == "v":
            out.append(show(lookup(values, node[1]), node[2], lang))
        elif kind == "s":
            value = lookup(values, node[1])
            branches = node[2]
            numeric = isinstance(value, Real) and not isinstance(value, bool)
            exact = next((key for key in branches if key.startswith("=") and numeric
                          and float(key[1:]) == float(value)), None)
            key = exact or (selector(value) if selector(value) in branches else "other")
            if key not in branches:
                raise TemplateError(f"{'.'.join(node[1])} = {value!r} matches no branch of the select "
                                    f"({sorted(branches)}) and there is no 'other' branch")
            out.append(render(branches[key], values, lang, term))
        elif kind in ("term", "vt"):
            if term is None:
                raise TemplateError("this template names glossary terms: render it with a term function")
            key = node[1] if kind == "term" else lookup(values, node[1])
            out.append(term(str(key), lang))
        else:
            raise TemplateError(f"unknown template node {node!r}")
    return "".join(out)


def show(value: Any, spec: str, lang: str) -> str:
    """One placeholder's text: a number formatted, text as it is, a list joined by ", "."""
    if isinstance(value, str):
        if spec:
            raise TemplateError(f"the text {value!r} cannot take the number format {spec!r}")
        return value
    if isinstance(value, (list, tuple)):
        return ", ".join(show(item, spec, lang) for item in value) or "—"
    if value is None:
        return "—"
    if isinstance(value, bool):
        raise TemplateError(f"a true/false value ({value}) must be shown with a select placeholder")
    return fmt(value, spec, lang)


def placeholders(tree: list) -> set[str]:
    """The first names of every path the template reads (to check them against the results)."""
    names: set[str] = set()
    for node in tree:
        if node[0] in ("v", "vt"):
            names.add(node[1][0])
        elif node[0] == "s":
            names.add(node[1][0])
            for branch in node[2].values():
                names |= placeholders(branch)
    return names


def terms(tree: list) -> set[str]:
    """The glossary terms the template names literally (``{~term}``)."""
    found: set[str] = set()
    for node in tree:
        if node[0] == "term":
            found.add(node[1])
        elif node[0] == "s":
            for branch in node[2].values():
                found |= terms(branch)
    return found
