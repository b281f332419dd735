"""The small program a calculator runs in the browser, and its evaluation in Python.

:mod:`crmlab.calculators._compile` turns a calculator's compute function into
a program of statements and expressions, nested lists whose first item names
the operation (``["bin", "+", a, b]``). ``book/assets/static/crmlab-calculators.js``
runs it in the browser, with the crmlab functions it calls taken from their
ports in ``crmlab-formulas.js``; :func:`evaluate` here runs the same program
in Python with the real crmlab functions, which is how the compiler fills the
tables of values it precomputes. Both follow Python's semantics for the
operations listed in :data:`BUILTINS` and :data:`METHODS`.

Values cross to the browser as JSON (:func:`to_plain`): numbers, text, true
and false, None, lists, dictionaries with text keys; dataclasses become
dictionaries of their fields, pandas Series and DataFrames tagged objects the
browser turns back into small Series and DataFrame stand-ins, and infinities
``{"__float__": "inf"}``.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

BUILTINS = {
    "abs": abs, "min": min, "max": max, "round": round, "len": len, "sum": sum, "int": int, "float": float,
    "bool": bool, "str": str, "range": range, "zip": zip, "enumerate": enumerate, "sorted": sorted, "list": list,
    "tuple": tuple, "any": any, "all": all,
    "math.isfinite": math.isfinite, "math.isinf": math.isinf, "math.floor": math.floor, "math.ceil": math.ceil,
    "math.sqrt": math.sqrt, "math.log": math.log, "math.exp": math.exp,
}
"""Functions a compute function may apply to values that depend on the controls (the browser has each)."""

METHODS = {
    "tolist", "sum", "mean", "min", "max", "idxmin", "idxmax", "items", "keys", "values", "get", "lower", "upper",
    "capitalize", "title", "strip", "join", "startswith", "endswith", "count", "index", "replace",
}
"""Methods a compute function may call on such values (lists, dicts, text, and crmlab's Series/DataFrames)."""

ATTRIBUTES = {"iloc", "loc", "at", "index", "columns", "name", "size", "empty"}
"""pandas attributes the browser's stand-ins have (any other attribute is a dictionary field of a result)."""

COMPARISONS = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
               "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
               "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
               "is": lambda a, b: a is b, "is not": lambda a, b: a is not b}
BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
          "//": lambda a, b: a // b, "%": lambda a, b: a % b, "**": lambda a, b: a ** b}
UNARY = {"-": lambda a: -a, "+": lambda a: +a, "not": lambda a: not a}


class Raised(Exception):
    """A ``raise`` of the program, or a ValueError/TypeError of a crmlab function it called."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.message = kind, message


class Returned(Exception):
    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


def qualified_name(function: Any) -> str:
    """``crmlab.retention.lifetime_value`` for that function (the key of its browser port)."""
    return f"{function.__module__}.{function.__qualname__}"


def resolve(name: str) -> Any:
    """The function with qualified name ``name`` (``crmlab.retention.lifetime_value``)."""
    module, _, attribute = name.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


# ---------------------------------------------------------------------------------------------------------
# Plain values

def to_plain(value: Any) -> Any:
    """``value`` as JSON-ready data (see the module docstring); ``TypeError`` for anything else.

    >>> to_plain({"x": np.float64(1.5), "y": (1, float("inf")), "s": pd.Series([1.0], index=["a"])})
    {'x': 1.5, 'y': [1, {'__float__': 'inf'}], 's': {'__series__': {'index': ['a'], 'values': [1.0], 'name': None}}}
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, np.bool_):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return {"__float__": "nan"}
        if math.isinf(value):
            return {"__float__": "inf" if value > 0 else "-inf"}
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        return [to_plain(item) for item in value]
    if isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise TypeError(f"a result reaching the browser must have text keys, got the key {key!r}")
        return {key: to_plain(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, pd.Series):
        return {"__series__": {"index": to_plain(list(value.index)), "values": to_plain(list(value)),
                               "name": to_plain(value.name)}}
    if isinstance(value, pd.DataFrame):
        return {"__frame__": {"index": to_plain(list(value.index)), "columns": [str(c) for c in value.columns],
                              "data": {str(c): to_plain(list(value[c])) for c in value.columns}}}
    raise TypeError(f"{value!r} ({type(value).__name__}) cannot reach the browser: a result must be numbers, text, "
                    "true/false, None, lists or dictionaries of those (or a crmlab Series/DataFrame/dataclass)")


def from_plain(value: Any) -> Any:
    """The inverse of :func:`to_plain` (dataclasses come back as dictionaries, tuples as lists).

    >>> from_plain({"s": {"__series__": {"index": ["a"], "values": [1.0], "name": None}}, "x": {"__float__": "inf"}})
    {'s': a    1.0
    dtype: float64, 'x': inf}
    """
    if isinstance(value, list):
        return [from_plain(item) for item in value]
    if isinstance(value, dict):
        if "__float__" in value:
            return float(value["__float__"])
        if "__series__" in value:
            series = value["__series__"]
            return pd.Series(from_plain(series["values"]), index=from_plain(series["index"]), name=series["name"])
        if "__frame__" in value:
            frame = value["__frame__"]
            return pd.DataFrame({c: from_plain(frame["data"][c]) for c in frame["columns"]},
                                index=from_plain(frame["index"]))
        return {key: from_plain(item) for key, item in value.items()}
    return value


def program_from_plain(program: dict) -> tuple[list, list]:
    """(statements, tables) of a program read back from its JSON (as a page carries it), ready for :func:`run`."""
    def revive(node: Any) -> Any:
        if isinstance(node, list):
            if len(node) == 2 and node[0] == "c":
                return ["c", from_plain(node[1])]
            return [revive(item) for item in node]
        return node

    tables = [{"controls": t["controls"], "sizes": t["sizes"],
               "values": [Raised(*v["__raise__"]) if isinstance(v, dict) and "__raise__" in v else from_plain(v)
                          for v in t["values"]]} for t in program["tables"]]
    return revive(program["statements"]), tables


class NotPlain(Exception):
    """A compute function returned something the browser cannot hold (a bug in the declaration, not bad input)."""


def normalize(value: Any) -> Any:
    """Results as plain Python (numbers, text, bools, None, lists, text-keyed dicts; infinities kept as floats).

    >>> normalize({"a": np.float64(2.5), "b": (1, 2), "c": float("inf")})
    {'a': 2.5, 'b': [1, 2], 'c': inf}
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return [normalize(item) for item in value]
    if isinstance(value, Mapping) and all(isinstance(key, str) for key in value):
        return {key: normalize(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: normalize(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise NotPlain(f"a calculator's results must be numbers, text, true/false, None, lists or text-keyed "
                   f"dictionaries of those (turn a Series into a list with .tolist()); got {type(value).__name__}")


def is_plain(value: Any) -> bool:
    try:
        to_plain(value)
    except TypeError:
        return False
    return True


# ---------------------------------------------------------------------------------------------------------
# Evaluation

def evaluate(node: list, env: dict[str, Any], tables: list[list] | None = None,
             positions: dict[str, int] | None = None) -> Any:
    """The value of expression ``node`` with variables ``env``; ``tables`` and ``positions`` (each
    control's position) serve ``["table", i]`` lookups."""
    op = node[0]
    if op == "c":
        return node[1]
    if op == "g":
        return env[node[1]]
    args = lambda items: [evaluate(item, env, tables, positions) for item in items]  # noqa: E731
    if op == "bin":
        return BINARY[node[1]](evaluate(node[2], env, tables, positions), evaluate(node[3], env, tables, positions))
    if op == "un":
        return UNARY[node[1]](evaluate(node[2], env, tables, positions))
    if op == "cmp":
        return COMPARISONS[node[1]](evaluate(node[2], env, tables, positions),
                                    evaluate(node[3], env, tables, positions))
    if op == "and":
        first = evaluate(node[1], env, tables, positions)
        return evaluate(node[2], env, tables, positions) if first else first
    if op == "or":
        first = evaluate(node[1], env, tables, positions)
        return first if first else evaluate(node[2], env, tables, positions)
    if op == "if":
        return evaluate(node[2] if evaluate(node[1], env, tables, positions) else node[3], env, tables, positions)
    if op == "call":
        function = resolve(node[1])
        try:
            return function(**dict(zip(node[3], args(node[2]))))
        except (ValueError, TypeError) as error:
            raise Raised(type(error).__name__, str(error)) from None
    if op == "builtin":
        return _guard(BUILTINS[node[1]], *args(node[2]))
    if op == "attr":
        return _attribute(evaluate(node[1], env, tables, positions), node[2])
    if op == "item":
        return evaluate(node[1], env, tables, positions)[_key(node[2], env, tables, positions)]
    if op == "method":
        return _guard(getattr(evaluate(node[1], env, tables, positions), node[2]), *args(node[3]))
    if op == "list":
        return args(node[1])
    if op == "tuple":
        return tuple(args(node[1]))
    if op == "dict":
        return dict(zip(args(node[1]), args(node[2])))
    if op == "pick":
        return [evaluate(item, env, tables, positions) for test, item in node[1]
                if test is None or evaluate(test, env, tables, positions)]
    if op == "comp":
        return _comprehension(node, env, tables, positions)
    if op == "fstr":
        return "".join(part if isinstance(part, str) else
                       format(_convert(evaluate(part[0], env, tables, positions), part[1]), part[2])
                       for part in node[1])
    if op == "table":
        table = tables[node[1]]
        return _entry(table, positions)
    raise ValueError(f"unknown operation {op!r}")


def _guard(function: Any, *arguments: Any) -> Any:
    """``function(*arguments)``, its ValueError/TypeError turned into :class:`Raised` (as the program sees it)."""
    try:
        return function(*arguments)
    except (ValueError, TypeError) as error:
        raise Raised(type(error).__name__, str(error)) from None


def _attribute(value: Any, name: str) -> Any:
    if isinstance(value, Mapping):
        return value[name]
    return getattr(value, name)


def _key(node: list, env, tables, positions) -> Any:
    if node[0] == "slice":
        parts = [None if part is None else evaluate(part, env, tables, positions) for part in node[1:]]
        return slice(*parts)
    if node[0] == "keys":  # df.at[row, column]
        return tuple(evaluate(part, env, tables, positions) for part in node[1])
    return evaluate(node, env, tables, positions)


def _convert(value: Any, conversion: str | None) -> Any:
    return repr(value) if conversion == "r" else str(value) if conversion == "s" else value


def _comprehension(node: list, env, tables, positions) -> Any:
    _, kind, iterable, targets, element, key, tests = node
    out: list | dict = {} if kind == "dict" else []
    for item in evaluate(iterable, env, tables, positions):
        scope = dict(env)
        _bind(scope, targets, item)
        if all(evaluate(test, scope, tables, positions) for test in tests):
            if kind == "dict":
                out[evaluate(key, scope, tables, positions)] = evaluate(element, scope, tables, positions)
            else:
                out.append(evaluate(element, scope, tables, positions))
    return out


def _bind(scope: dict, targets: Any, item: Any) -> None:
    if isinstance(targets, str):
        scope[targets] = item
        return
    items = list(item)
    if len(items) != len(targets):
        raise Raised("ValueError", f"cannot unpack {len(items)} values into {len(targets)}")
    for target, value in zip(targets, items):
        _bind(scope, target, value)


def _entry(table: dict, positions: dict[str, int]) -> Any:
    index = 0
    for name, size in zip(table["controls"], table["sizes"]):
        index = index * size + positions[name]
    entry = table["values"][index]
    if isinstance(entry, Raised):
        raise entry
    return entry


def run(statements: list, env: dict[str, Any], tables: list | None = None,
        positions: dict[str, int] | None = None) -> Any:
    """Run the program's ``statements``; the value of its ``return`` (``Raised`` for its errors)."""
    try:
        _block(statements, dict(env), tables, positions)
    except Returned as done:
        return done.value
    raise ValueError("the program ended without returning its results")


def _block(statements: list, env: dict, tables, positions) -> None:
    for statement in statements:
        op = statement[0]
        if op == "set":
            env[statement[1]] = evaluate(statement[2], env, tables, positions)
        elif op == "unpack":
            _bind(env, statement[1], evaluate(statement[2], env, tables, positions))
        elif op == "when":
            branch = statement[2] if evaluate(statement[1], env, tables, positions) else statement[3]
            _block(branch, env, tables, positions)
        elif op == "raise":
            raise Raised(statement[1], evaluate(statement[2], env, tables, positions))
        elif op == "return":
            raise Returned(evaluate(statement[1], env, tables, positions))
        elif op == "try":
            try:
                _block(statement[1], env, tables, positions)
            except Raised as error:
                if error.kind not in statement[4]:
                    raise
                if statement[2]:
                    env[statement[2]] = error.message
                _block(statement[3], env, tables, positions)
        else:
            raise ValueError(f"unknown statement {op!r}")
