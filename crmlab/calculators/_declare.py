"""How a calculator is declared: its controls, its compute function, its sentence, once.

A declaration is a compute function decorated with :func:`calculator`::

    @calculator(
        title="The leaky bucket", term="leaky bucket",
        controls=(Slider("churn", "Churn", "% of customers lost per period", 0, 100, 1, 20, term="churn rate"),
                  ...),
        template="... the bucket holds {final:,.0f} customers ...",
    )
    def leaky_bucket_calculator(churn, ...):
        table = retention.leaky_bucket(..., churn / 100, ...)
        return {"final": table["customers"].iloc[-1]}

Calling the declaration (``leaky_bucket_calculator(churn=10)``) gives a
:class:`Calculator`: in a notebook it shows itself as the live ipywidgets form
(:mod:`crmlab.widgets`) in Jupyter and as the kernel-free form in the online
book (:mod:`crmlab.calculators._html`), both made from the same controls,
compute function and template. Keyword arguments named like a control set its
starting value; the others are the calculator's data (the keyword-only
arguments of the compute function, or of its ``prepare`` function).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crmlab.calculators import _format, _ir, _text
from crmlab.calculators._text import Text

NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def _check_name(name: str, what: str) -> str:
    if not isinstance(name, str) or not name or not set(name) <= NAME_CHARS or name[0].isdigit():
        raise ValueError(f"{what} name must be lower_case letters, digits and _, got {name!r}")
    return name


def _decimals(number: float) -> int:
    text = f"{number:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _label(control: Any, lang: str) -> str:
    """A control's label: its text, with its glossary term's Chinese name after it in English."""
    if control.term is None:
        return _text.text(control.label, lang)
    if lang == "zh" and not _text.translated(control.label, "zh"):
        return _text.chinese(control.term) or _text.text(control.label, lang)
    label = _text.text(control.label, lang)
    return _text.with_chinese(label, control.term) if lang == "en" else label


class _Control:
    """What every control has: a checked name and starting value, and a label with its glossary term."""

    def __post_init__(self) -> None:
        _check_name(self.name, "a control's")
        self.check(self.default)

    def label_text(self, lang: str) -> str:
        return _label(self, lang)


@dataclass(frozen=True)
class Slider(_Control):
    """A range of numbers from ``low`` to ``high`` in steps of ``step``, starting at ``default``.

    ``unit`` says what the number counts ("% per period"); ``term`` names the
    glossary term the label stands for; ``shown`` is the format spec of the
    number shown beside the slider (by default as many decimals as the step).
    When ``low``, ``high``, ``step`` and ``default`` are whole numbers the
    value is an ``int``.

    >>> s = Slider("churn", "Churn", "% per period", 0, 100, 5, 20, term="churn rate")
    >>> len(s.positions()), s.check(35), s.label_text("en")
    (21, 35, 'Churn (流失率)')
    >>> s.check(33)
    Traceback (most recent call last):
    ...
    ValueError: churn must be one of the slider's positions (0 to 100 in steps of 5), got 33
    """

    name: str
    label: Text
    unit: Text
    low: float
    high: float
    step: float
    default: float
    term: str | None = None
    shown: str = ""
    kind = "slider"

    def __post_init__(self) -> None:
        for field in ("low", "high", "step", "default"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"slider {self.name!r}: {field} must be a finite number, got {value!r}")
        if not self.low < self.high or self.step <= 0:
            raise ValueError(f"slider {self.name!r} needs low < high and step > 0, got {self.low}, {self.high}, "
                             f"{self.step}")
        steps = (self.high - self.low) / self.step
        if abs(steps - round(steps)) > 1e-9:
            raise ValueError(f"slider {self.name!r}: (high − low) / step must be whole, got {steps:g}")
        object.__setattr__(self, "shown", _format.check_spec(self.shown) or
                           ("," if self.high >= 10_000 else "") + f".{_decimals(self.step)}f")
        super().__post_init__()

    @property
    def integer(self) -> bool:
        return all(isinstance(getattr(self, f), int) for f in ("low", "high", "step", "default"))

    def value_at(self, position: int) -> float:
        value = round(self.low + position * self.step, 10)
        return int(round(value)) if self.integer else value

    def positions(self) -> list:
        return [self.value_at(k) for k in range(int(round((self.high - self.low) / self.step)) + 1)]

    def position(self, value: float) -> int:
        return int(round((value - self.low) / self.step))

    def check(self, value: Any) -> Any:
        """``value`` as this slider holds it, or ``ValueError`` if the slider cannot take it."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise TypeError(f"{self.name} must be a number, got {value!r}")
        position = (value - self.low) / self.step
        if not (self.low - 1e-9 <= value <= self.high + 1e-9) or abs(position - round(position)) > 1e-6:
            raise ValueError(f"{self.name} must be one of the slider's positions ({_format.fmt(self.low)} to "
                             f"{_format.fmt(self.high)} in steps of {_format.fmt(self.step)}), got {value!r}")
        return self.value_at(int(round(position)))

    def readout(self, value: float, lang: str) -> str:
        return _format.fmt(value, self.shown, lang)

    def to_json(self, lang: str) -> dict:
        return {"kind": self.kind, "name": self.name, "low": self.low, "high": self.high, "step": self.step,
                "integer": self.integer, "shown": self.shown}


@dataclass(frozen=True)
class Toggle(_Control):
    """A yes/no check box (its value is ``True`` or ``False``)."""

    name: str
    label: Text
    default: bool = False
    term: str | None = None
    kind = "toggle"

    def positions(self) -> list:
        return [False, True]

    def position(self, value: bool) -> int:
        return int(value)

    def check(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise TypeError(f"{self.name} must be True or False, got {value!r}")
        return value


    def to_json(self, lang: str) -> dict:
        return {"kind": self.kind, "name": self.name}


@dataclass(frozen=True)
class Choice(_Control):
    """One of several options: ``options`` maps each option's key (the value the compute function gets)
    to the text shown, or lists keys that are shown as they are."""

    name: str
    label: Text
    options: Mapping[str, Text] | Sequence[str]
    default: str
    term: str | None = None
    kind = "choice"

    def __post_init__(self) -> None:
        options = dict(self.options) if isinstance(self.options, Mapping) else {key: key for key in self.options}
        if not options or not all(isinstance(key, str) for key in options):
            raise ValueError(f"choice {self.name!r} needs options with text keys, got {self.options!r}")
        object.__setattr__(self, "options", options)
        super().__post_init__()

    def positions(self) -> list:
        return list(self.options)

    def position(self, value: str) -> int:
        return list(self.options).index(value)

    def check(self, value: Any) -> str:
        if value not in self.options:
            raise ValueError(f"{self.name} must be one of {', '.join(map(repr, self.options))}; got {value!r}")
        return value


    def option_text(self, key: str, lang: str) -> str:
        return _text.text(self.options[key], lang)

    def to_json(self, lang: str) -> dict:
        return {"kind": self.kind, "name": self.name, "options": list(self.options)}


@dataclass(frozen=True)
class Number(_Control):
    """A number typed in a box (any value: the compute function's crmlab calls say what is wrong with it)."""

    name: str
    label: Text
    unit: Text
    default: float
    term: str | None = None
    kind = "number"

    def positions(self) -> None:
        return None

    def check(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{self.name} must be a number, got {value!r}")
        return float(value)


    def to_json(self, lang: str) -> dict:
        return {"kind": self.kind, "name": self.name}


Control = Slider | Toggle | Choice | Number

REGISTRY: dict[str, Declaration] = {}
"""Every declared calculator by name (the browser and widget tests go through all of them)."""


@dataclass
class Outcome:
    """What a calculator shows at some control values: its results and sentence, or the message of its error."""

    values: dict
    results: dict | None
    sentence: str
    message: str | None = None


class Declaration:
    """A declared calculator (see the module docstring); calling it gives a :class:`Calculator`."""

    def __init__(self, compute: Callable, *, title: Text, controls: Sequence[Control] | Callable[..., Sequence],
                 template: Text, term: str | None = None, note: Text | None = None, prepare: Callable | None = None,
                 chart: Any = None, description: Text = "", terms: Sequence[str] = (), syllabus: Sequence[str] = (),
                 columns: int | None = None, messages: Mapping[str, Mapping[str, str]] | None = None,
                 register: bool = True):
        name = compute.__name__.removesuffix("_calculator")
        self.name = _check_name(name, "a calculator's")
        self.compute, self.title, self.term, self.note = compute, title, term, note
        self.controls, self.template, self.prepare, self.chart = controls, template, prepare, chart
        self.description, self.terms, self.syllabus = description, tuple(terms), tuple(syllabus)
        self.columns = columns
        # the compute function's messages ({} for any text) -> their texts in other languages
        self.messages = dict(messages or {})
        self.__name__ = compute.__name__
        self.__qualname__ = compute.__qualname__
        self.__module__ = compute.__module__
        self.__doc__ = compute.__doc__
        self.__wrapped__ = compute
        signature = inspect.signature(compute)
        self.data_names = tuple(inspect.signature(prepare).parameters) if prepare else tuple(
            p.name for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY)
        for lang in _format.LANGUAGES:
            if lang == "en" or _text.translated(template, lang):
                self.tree(lang)
        if not register:  # a calculator made for a test, or a trial: the book's tests go through REGISTRY
            return
        if name in REGISTRY and REGISTRY[name].compute.__module__ != compute.__module__:
            raise ValueError(f"two calculators are named {name!r} ({REGISTRY[name].__module__} and "
                             f"{compute.__module__})")
        REGISTRY[name] = self

    def __repr__(self) -> str:
        return f"<calculator declaration {self.name!r}>"

    @functools.cache  # noqa: B019 - one parse per declaration and language, kept for the process
    def tree(self, lang: str) -> list:
        """The parsed sentence template in ``lang`` (English when it has no text in that language)."""
        return _format.parse(_text.text(self.template, lang))

    def __call__(self, *args: Any, lang: str = "en", **kwargs: Any) -> Calculator:
        _text.check_language(lang)
        data = {name: kwargs.pop(name) for name in list(kwargs) if name in self.data_names}
        if len(args) > len(self.data_names):
            raise TypeError(f"{self.__name__} takes at most {len(self.data_names)} data argument(s) "
                            f"({', '.join(self.data_names) or 'none'}), got {len(args)}")
        data.update(zip(self.data_names, args))
        try:
            prepared = self.prepare(**data) if self.prepare else self.default_data(data)
            controls = tuple(self.controls(**prepared) if callable(self.controls) else self.controls)
            names = [control.name for control in controls]
            unknown = [name for name in kwargs if name not in names]
            if unknown:
                raise TypeError(f"{self.__name__} has no control or data argument {', '.join(map(repr, unknown))}; "
                                f"its controls are {names} and its data {list(self.data_names)}")
            controls = tuple(dataclasses.replace(c, default=c.check(kwargs[c.name])) if c.name in kwargs else c
                             for c in controls)
        except (TypeError, ValueError) as error:
            return Calculator(self, (), {}, lang, failure=str(error))
        return Calculator(self, controls, prepared, lang)

    def preset(self, name: str, **defaults: Any) -> Preset:
        """The same calculator under another name with other starting values (a case's own setting)."""
        return Preset(self, name, defaults)

    def default_data(self, given: Mapping[str, Any]) -> dict:
        signature = inspect.signature(self.compute)
        data = {}
        for name in self.data_names:
            parameter = signature.parameters[name]
            if name in given:
                data[name] = given[name]
            elif parameter.default is not parameter.empty:
                data[name] = parameter.default
            else:
                raise TypeError(f"{self.__name__} needs its data argument {name!r}")
        return data


class Preset:
    """A declaration called with some starting values fixed: ``trust_shock_calculator()`` is the trust-breach
    calculator set to the Shuanghui crisis. It is the same calculator (same name, controls and sentence)."""

    def __init__(self, declaration: Declaration, name: str, defaults: Mapping[str, Any]) -> None:
        self.declaration, self.__name__, self.defaults = declaration, name, dict(defaults)
        self.__doc__ = f"{declaration.__name__} starting at {self.defaults}."

    def __call__(self, *args: Any, **kwargs: Any) -> Calculator:
        return self.declaration(*args, **{**self.defaults, **kwargs})

    def __repr__(self) -> str:
        return f"<{self.__name__}: {self.declaration.name} starting at {self.defaults}>"


def calculator(**options: Any) -> Callable[[Callable], Declaration]:
    """Declare a calculator: decorate its compute function (named ``<name>_calculator``); see the module docstring
    and :class:`Declaration` for the options."""
    return lambda compute: Declaration(compute, **options)


class Calculator:
    """A declared calculator with its starting values and data, ready to show.

    ``values`` are the starting control values, ``outcome(values)`` computes
    what it shows at any values (the same in both forms), ``widget()`` is the
    ipywidgets form, ``to_html()`` the browser form; in a notebook cell it shows
    the right one by itself.
    """

    def __init__(self, declaration: Declaration, controls: tuple, data: dict, lang: str,
                 failure: str | None = None) -> None:
        self.declaration, self.controls, self.data, self.lang, self.failure = (declaration, controls, data, lang,
                                                                                failure)
        self.name = declaration.name

    def __repr__(self) -> str:
        return f"<{self.name} calculator: {self.outcome().sentence or self.failure}>"

    @property
    def title(self) -> str:
        """The title, with the Chinese name of its glossary term after it (in English)."""
        title, term = _text.text(self.declaration.title, self.lang), self.declaration.term
        if term and (self.lang == "en" or not _text.translated(self.declaration.title, self.lang)):
            return _text.with_chinese(title, term)
        return title

    @property
    def words(self) -> dict:
        """The data arguments a sentence may show (text and numbers; tables and series stay out)."""
        return {name: value for name, value in self.data.items()
                if isinstance(value, (str, int, float)) and not isinstance(value, bool)}

    @property
    def note(self) -> str:
        return _text.text(self.declaration.note, self.lang) if self.declaration.note else ""

    @property
    def values(self) -> dict:
        """The starting value of each control, by name."""
        return {control.name: control.default for control in self.controls}

    def control(self, name: str) -> Control:
        return next(c for c in self.controls if c.name == name)

    def compute(self, **values: Any) -> dict:
        """The compute function's results at ``values`` (others at their starting values), as plain data."""
        merged = {**self.values, **values}
        return _ir.normalize(self.declaration.compute(**merged, **self.data))

    def outcome(self, values: Mapping[str, Any] | None = None) -> Outcome:
        """Results and sentence at ``values`` (default: the starting values), or the message of crmlab's error."""
        if self.failure is not None:
            return Outcome({}, None, "", self.failure)
        merged = {**self.values, **(values or {})}
        try:
            results = self.compute(**merged)
        except (ValueError, TypeError) as error:
            return Outcome(merged, None, "", self.said(str(error)))
        return Outcome(merged, results, self.render({**self.words, **merged, **results}))

    def said(self, message: str) -> str:
        """The compute function's ``message`` in the calculator's language (as its declaration's ``messages``
        write it; as it is when they have none for it)."""
        for english, texts in self.declaration.messages.items():
            shown = _text.by_pattern(message, english, texts[self.lang]) if self.lang in texts else None
            if shown is not None:
                return shown
        return message

    def render(self, values: Mapping[str, Any]) -> str:
        return _format.render(self.declaration.tree(self.lang), values, self.lang, _text.term_text)

    def sentence(self, **values: Any) -> str:
        """The sentence at ``values``, or the message shown instead."""
        outcome = self.outcome(values)
        return outcome.message if outcome.message is not None else outcome.sentence

    @functools.cached_property
    def program(self):
        """The compiled browser program (:class:`crmlab.calculators._compile.Program`)."""
        from crmlab.calculators._compile import compile_compute

        return compile_compute(self.declaration.compute, self.controls, self.data, self.name)

    def to_html(self) -> str:
        """The kernel-free form for the online book."""
        from crmlab.calculators._html import form

        return form(self)

    def widget(self):
        """The live ipywidgets form (:class:`crmlab.widgets.CalculatorWidget`)."""
        from crmlab.widgets import CalculatorWidget

        return CalculatorWidget(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        # Jupyter shows the widget view (live, in the kernel); the book is built to prefer text/html, the
        # kernel-free form (myst-nb's nb_mime_priority_overrides in _config.yml).
        from crmlab.calculators._compile import AssetsMissing

        bundle = dict(self.widget()._repr_mimebundle_())
        try:
            bundle["text/html"] = self.to_html()
        except AssetsMissing:  # crmlab installed far from the book: Jupyter shows the widget, which is all it needs
            pass
        outcome = self.outcome()
        bundle["text/plain"] = f"{self.title}\n{outcome.message or outcome.sentence}"
        return bundle

    def show(self) -> None:
        """Display the calculator (the same as leaving it as a cell's last expression)."""
        from IPython.display import display

        display(self)
