"""A calculator's chart: a Vega-Lite view of rows its compute function returns.

A chart is declared with the helpers here (:func:`bars`, :func:`lines`,
:func:`points`, :func:`rules`, combined with :func:`layer`); each layer reads
the rows of one named result (``data="path"`` reads ``results["path"]``), so
the chart shows exactly the numbers the sentence states. From the same
specification the online book draws it with its own copy of Vega (the data
replaced at every change of a control, ``crmlab-calculators.js``) and
Jupyter with its built-in Vega-Lite renderer (the rows written into the
specification, :mod:`crmlab.widgets`). The specification is data, not code:
Vega-Lite 5, which JupyterLab bundles and the book's Vega-Lite 6 reads.

>>> chart = bars("bars", x="reached", y="source", x_title="people", y_title=None)
>>> spec = chart.spec("en")
>>> spec["layer"][0]["data"], spec["layer"][0]["mark"]["type"]
({'name': 'bars'}, 'bar')
>>> inline(spec, {"bars": [{"source": "a", "reached": 2}]})["layer"][0]["data"]
{'values': [{'source': 'a', 'reached': 2}]}
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crmlab.calculators import _text
from crmlab.calculators._text import Text

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
PALETTE = ("#1565c0", "#e65100", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#9e9d24", "#5d4037")
"""Colours told apart by readers with the common colour-vision deficiencies (and on a white background)."""


@dataclass(frozen=True)
class Chart:
    """A chart's layers (Vega-Lite, texts still per language) and its height in pixels."""

    layers: tuple
    height: int = 220
    extra: Mapping[str, Any] = field(default_factory=dict)
    names: Mapping[str, Text | str | None] = field(default_factory=dict)
    """The texts of the values the rows carry (a bar's name, a point's label, a legend entry) and of the fields a
    tooltip names, in other languages: a text per language (``{"zh": "留下"}``; English is the value itself unless
    it gives ``"en"``), a glossary term (``"psychic cost"``: its Chinese term), or ``None`` (the value is itself a
    glossary term). A key with ``{}`` stands for any text there:
    ``"top {} %": {"zh": "前 {}%"}``."""

    def named(self, names: Mapping[str, Text | str | None]) -> Chart:
        """The same chart, its rows' values written in the reader's language as ``names`` gives them."""
        return dataclasses.replace(self, names={**self.names, **names})

    def shown(self, value: str, lang: str) -> str:
        """How a value of the rows is written on the chart in ``lang`` (what the chart's Vega expressions do):
        as ``names`` gives it, else as its glossary term, else as it is."""
        for english, text in self._vocabulary(lang):
            if "{}" not in english and value == english:
                return text
            shown = _text.by_pattern(value, english, text) if "{}" in english else None
            if shown is not None:
                return shown
        return value

    def _vocabulary(self, lang: str) -> list[tuple[str, str]]:
        """(English value, its text in ``lang``) for every value the chart knows a text of."""
        known = dict.fromkeys(list(self.names) + [value for value in _domains(self.layers)])
        pairs = []
        for english in known:
            given = self.names.get(english)
            if isinstance(given, Mapping):  # its texts in other languages; English as the value is, unless given
                text = given.get(lang) or given.get("en") or english
            elif lang == "en":  # an English chart shows its values as they are
                text = english
            else:
                text = _text.term_text(given or english, lang) if english in self.names else _term(english, lang)
            if text != english:
                pairs.append((english, text))
        return sorted(pairs, key=lambda pair: "{}" in pair[0])  # exact values before patterns

    def spec(self, lang: str) -> dict:
        """The Vega-Lite specification in ``lang``, each layer reading a named data set (a result)."""
        spec = {"$schema": SCHEMA, "width": "container", "height": self.height,
                "autosize": {"type": "fit-x", "contains": "padding", "resize": True},
                "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 12, "titleFontSize": 12},
                           # The end labels of a number axis stay inside the chart (at 375 px a last "1,500" would
                           # stick out of the box otherwise).
                           "axisQuantitative": {"labelFlush": True},
                           "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 1,
                                      "labelLimit": 0}},
                "layer": [_translate(layer, lang) for layer in self.layers], **_translate(dict(self.extra), lang)}
        vocabulary = self._vocabulary(lang)
        if vocabulary:
            spec["layer"] = [_name_values(layer, vocabulary, lang, lambda v: self.shown(v, lang))
                             for layer in spec["layer"]]
        return spec

    def datasets(self) -> list[str]:
        """The results the chart reads."""
        return sorted({layer["data"]["name"] for layer in self.layers if "name" in layer.get("data", {})})


def _translate(value: Any, lang: str) -> Any:
    if isinstance(value, Words):
        return _text.text(value.text, lang)
    if isinstance(value, Levels):
        return value.spec(lang)
    if isinstance(value, Mapping):
        return {key: _translate(item, lang) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_translate(item, lang) for item in value]
    return value


@dataclass(frozen=True)
class Words:
    """A text of the chart (a title, an axis title) to be shown in the reader's language."""

    text: Text


def _shown_expr(value: str, vocabulary: Sequence[tuple[str, str]]) -> str:
    """A Vega expression writing the value of expression ``value`` as :meth:`Chart.shown` does."""
    cases = []
    for english, text in vocabulary:
        if "{}" in english:
            regex = f"regexp({_js(_text.pattern(english))})"
            cases.append(f"test({regex}, {value}) ? replace({value}, {regex}, {_js(_text.js_replacement(text))})")
        else:
            cases.append(f"{value} === {_js(english)} ? {_js(text)}")
    return " : ".join(cases + [value])


def _domains(layers: Sequence[dict]) -> list:
    """The values of the colour scales' domains (the categories a chart names before any row is drawn)."""
    return [value for item in layers for channel in item.get("encoding", {}).values()
            if isinstance(channel, dict) for value in channel.get("scale", {}).get("domain", [])
            if isinstance(value, str)]


def _name_values(layer_: dict, vocabulary: Sequence[tuple[str, str]], lang: str, shown) -> dict:
    """``layer_`` with the values its rows carry written in ``lang``: the labels of nominal axes and legends
    (the scales keep the English values), each text or tooltip field through a computed field, and a tooltip's
    field names (its titles) as ``shown`` writes them."""
    layer_ = copy.deepcopy(layer_)
    encoding = layer_.get("encoding", {})
    label = _shown_expr("datum.label", vocabulary)
    for name in ("x", "y"):
        channel = encoding.get(name)
        if isinstance(channel, dict) and channel.get("type") == "nominal" and channel.get("axis", {}) is not None:
            channel["axis"] = {**channel.get("axis", {}), "labelExpr": label}
    color = encoding.get("color")
    if isinstance(color, dict) and color.get("type") == "nominal" and color.get("legend", {}) is not None:
        color["legend"] = {**color.get("legend", {}), "labelExpr": label}
    computed = {}
    for name in ("text", "tooltip"):
        channels = encoding.get(name)
        for channel in channels if isinstance(channels, list) else [channels]:
            if not (isinstance(channel, dict) and "field" in channel):
                continue
            original = channel["field"]
            if name == "tooltip":
                channel.setdefault("title", shown(original))
            if channel.get("type") == "nominal":
                computed[original] = channel["field"] = f"{original} ({lang})"
    if computed:
        layer_["transform"] = list(layer_.get("transform", [])) + [
            {"calculate": _shown_expr(f"datum[{_js(original)}]", vocabulary), "as": field_name}
            for original, field_name in computed.items()]
    return layer_


def _term(value: str, lang: str) -> str:
    try:
        return _text.term_text(value, lang)
    except KeyError:  # not a glossary term: shown as it is
        return value


def _js(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _title(text: Text | None) -> dict:
    """The ``title`` of an axis or legend: left out when there is none, so that a layer with a title sets it."""
    return {} if text is None else {"title": Words(text)}


def _color(field_name: str | None, domain: Sequence[str] | None, colors: Sequence[str] | None,
           title: Text | None) -> dict:
    if field_name is None:
        return {}
    scale = {"range": list(colors or PALETTE)}
    if domain is not None:
        scale["domain"] = list(domain)
    return {"color": {"field": field_name, "type": "nominal", "scale": scale,
                      "title": Words(title) if title else None, "sort": None}}


@dataclass(frozen=True)
class Levels:
    """The names of the values 0, 1, 2, … of an axis (a scale of levels), in the reader's language."""

    labels: tuple

    def spec(self, lang: str) -> str:
        return "[" + ", ".join(_js(_text.text(label, lang)) for label in self.labels) + "][datum.value]"


def _levels(labels: Sequence[Text] | None) -> dict:
    if not labels:
        return {}
    return {"axis": {"values": list(range(len(labels))), "labelExpr": Levels(tuple(labels))},
            "scale": {"domain": [0, len(labels) - 1]}}


def bars(data: str, x: str, y: str, *, x_title: Text | None = None, y_title: Text | None = None,
         color: str | None = None, domain: Sequence[str] | None = None, colors: Sequence[str] | None = None,
         color_title: Text | None = None, horizontal: bool = True, height: int = 180, fmt: str = ",.2f",
         value_labels: Sequence[Text] | None = None, labels: Mapping[str, Text] | None = None) -> Chart:
    """Bars of the rows of result ``data``: one bar per ``y`` (or per ``x`` when not ``horizontal``),
    stacked when several rows share it; ``color`` names the field that colours them; ``value_labels`` name the
    values 0, 1, 2, … of the bars' axis (a scale of levels).

    ``labels`` are the texts of the rows' values in other languages (:attr:`Chart.names`). An axis or legend
    without a title given has none (Vega-Lite would show the field's name, an English word)."""
    value, category = (x, y) if horizontal else (y, x)
    value_title, category_title = (x_title, y_title) if horizontal else (y_title, x_title)
    encoding = {
        ("x" if horizontal else "y"): {"field": value, "type": "quantitative", "aggregate": "sum",
                                       "title": Words(value_title) if value_title else None, **_levels(value_labels)},
        ("y" if horizontal else "x"): {"field": category, "type": "nominal", "sort": None,
                                       "title": Words(category_title) if category_title else None,
                                       "axis": {"labelLimit": 0}},
        "tooltip": [{"field": category, "type": "nominal", **_title(category_title)},
                    {"field": value, "type": "quantitative", "format": fmt, **_title(value_title)}],
        **_color(color, domain, colors, color_title),
    }
    if color == category:  # the bars' names say what the colours say
        encoding["color"]["legend"] = None
    if color and color != category:
        encoding["tooltip"].insert(1, {"field": color, "type": "nominal"})
    return Chart((({"data": {"name": data}, "mark": {"type": "bar"}, "encoding": encoding}),), height=height,
                 names=dict(labels or {}))


def lines(data: str, x: str, y: str, *, x_title: Text | None = None, y_title: Text | None = None,
          color: str | None = None, domain: Sequence[str] | None = None, colors: Sequence[str] | None = None,
          y_domain: Sequence[float] | None = None, x_format: str | None = None, fmt: str = ",.2f",
          height: int = 220, labels: Mapping[str, Text] | None = None) -> Chart:
    """A line (one per ``color`` value) through the rows of result ``data``."""
    y_scale = {"domain": list(y_domain), "clamp": True} if y_domain else {"zero": False}
    encoding = {"x": {"field": x, "type": "quantitative", **_title(x_title), "scale": {"zero": False},
                      **({"axis": {"format": x_format}} if x_format else {})},
                "y": {"field": y, "type": "quantitative", **_title(y_title), "scale": y_scale},
                "tooltip": [{"field": x, "type": "quantitative", **_title(x_title)},
                            {"field": y, "type": "quantitative", "format": fmt, **_title(y_title)}],
                **_color(color, domain, colors, None)}
    return Chart(({"data": {"name": data}, "mark": {"type": "line", "clip": True,
                                                    **({} if color else {"color": PALETTE[0]})},
                   "encoding": encoding},), height=height, names=dict(labels or {}))


def points(data: str, x: str, y: str, *, x_title: Text | None = None, y_title: Text | None = None,
           color: str | None = None, domain: Sequence[str] | None = None, colors: Sequence[str] | None = None,
           label: str | None = None, count: bool = False, x_domain: Sequence[float] | None = None,
           y_domain: Sequence[float] | None = None, ticks: Sequence[float] | None = None, size: int = 90,
           height: int = 260, labels: Mapping[str, Text] | None = None) -> Chart:
    """Points of the rows of result ``data`` (``count``: one bubble per position, sized by how many rows
    sit there); ``label`` names a field written beside each point; ``ticks`` are the values both axes mark."""
    def axis(field_name, title, domain_):
        scale = {"domain": list(domain_), "nice": False} if domain_ else {"zero": False}
        return {"field": field_name, "type": "quantitative", **_title(title), "scale": scale,
                **({"axis": {"values": list(ticks)}} if ticks else {})}

    encoding = {"x": axis(x, x_title, x_domain), "y": axis(y, y_title, y_domain),
                **_color(color, domain, colors, None),
                "tooltip": [{"field": x, "type": "quantitative", **_title(x_title)},
                            {"field": y, "type": "quantitative", **_title(y_title)}]
                + ([{"field": color, "type": "nominal"}] if color else [])
                + ([{"field": label, "type": "nominal"}] if label else [])}
    mark = {"type": "circle", "opacity": 0.85, "size": size}
    if count:
        encoding["size"] = {"aggregate": "count", "type": "quantitative", "title": Words({"en": "customers", "zh": "顾"
                                                                                                                   "客"}),
                            "scale": {"range": [20, 600]}, "legend": None}
        encoding["tooltip"].append({"aggregate": "count", "type": "quantitative",
                                    "title": Words({"en": "customers", "zh": "顾客"})})
        mark.pop("size")
    layers = [{"data": {"name": data}, "mark": mark, "encoding": encoding}]
    if label:
        layers.append({"data": {"name": data}, "mark": {"type": "text", "align": "left", "dx": 7, "dy": -6,
                                                         "fontSize": 11},
                       "encoding": {"x": {"field": x, "type": "quantitative"},
                                    "y": {"field": y, "type": "quantitative"},
                                    "text": {"field": label, "type": "nominal"}}})
    return Chart(tuple(layers), height=height, names=dict(labels or {}))


def rules(data: str, *, x: str | None = None, y: str | None = None, label: str | None = None,
          color: str = "#555") -> Chart:
    """Dashed lines at the values of field ``x`` (vertical) or ``y`` (horizontal) of result ``data``'s rows,
    each with the text of its ``label`` field."""
    position = {"x": {"field": x, "type": "quantitative"}} if x else {"y": {"field": y, "type": "quantitative"}}
    layers = [{"data": {"name": data}, "mark": {"type": "rule", "strokeDash": [5, 4], "color": color},
               "encoding": dict(position)}]
    if label:
        layers.append({"data": {"name": data}, "mark": {"type": "text", "align": "left", "baseline": "bottom",
                                                         "dx": 3, "dy": -3, "fontSize": 11, "color": color},
                       "encoding": {**position, "text": {"field": label, "type": "nominal"},
                                    # a label starts at the left end of a horizontal line, the top of a vertical
                                    **({"y": {"value": 0}} if x else {"x": {"value": 0}})}})
    return Chart(tuple(layers), height=0)


def layer(*charts: Chart, height: int | None = None) -> Chart:
    """Several charts drawn on the same axes (the first one's height unless ``height`` is given)."""
    layers = tuple(item for chart in charts for item in chart.layers)
    names = {key: text for chart in charts for key, text in chart.names.items()}
    return Chart(layers, height=height or max(chart.height for chart in charts), names=names)


JUPYTER_WIDTH = 560
"""Width in pixels of a chart in Jupyter. (Sized to its container, as in the book, it resizes itself for ever in
JupyterLab's output area, whose width follows its content.)"""


def inline(spec: dict, results: Mapping[str, Any]) -> dict:
    """``spec`` with each named data set replaced by the rows of that result, at a fixed width (how Jupyter
    draws it)."""
    spec = {**copy.deepcopy(spec), "width": JUPYTER_WIDTH, "autosize": {"type": "pad"}}

    def fill(node: Any) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and "name" in data:
                node["data"] = {"values": list(results.get(data["name"]) or [])}
            for item in node.values():
                fill(item)
        elif isinstance(node, list):
            for item in node:
                fill(item)

    fill(spec)
    return spec
