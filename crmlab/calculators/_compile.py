"""Compile a calculator's compute function (Python calling crmlab) into the program its browser form runs.

The compiler reads the function's source and *partially evaluates* it: every
part that does not depend on a control (constants, the data the calculator
was given, loops over fixed lists) is computed here, in Python, and only what
the controls change is kept, as a program of :mod:`crmlab.calculators._ir`
operations. A call whose arguments depend on the controls becomes

- a call of the function's browser port, when ``book/assets/static/crmlab-formulas.js``
  has one (the tests check every port against crmlab at many points); or else
- a table lookup: the call is made here, in Python, at every position of the
  controls it depends on (at most :data:`TABLE_LIMIT`), so the browser shows
  crmlab's own results.

So the arithmetic of a calculator is written once, in its compute function.
The compute function may use: assignments, ``if``/``else``, ``for`` over a
fixed list, ``try``/``except ValueError``, ``raise ValueError(...)`` and one
final ``return {...}``; arithmetic, comparisons, ``and``/``or``/``not``,
conditional expressions, f-strings, comprehensions, the builtins of
:data:`crmlab.calculators._ir.BUILTINS` and the methods of
:data:`~crmlab.calculators._ir.METHODS`. Anything else is reported with its line
and what to write instead.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import itertools
import math
import operator
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from crmlab.calculators import _ir

UNROLL = 64
"""Loops and comprehensions over fixed lists up to this length are unrolled (longer ones run in the browser)."""

TABLE_LIMIT = 5000
"""The most positions a precomputed table may hold (a call depending on more needs a browser port)."""

PORTS = Path(__file__).resolve().parents[2] / "book" / "assets" / "static" / "crmlab-formulas.js"

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**"}
_UNARY = {ast.USub: "-", ast.UAdd: "+", ast.Not: "not"}
_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.In: "in",
            ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not"}
_BUILTIN_NAMES = {id(getattr(builtins, name)): name for name in _ir.BUILTINS if not name.startswith("math.")}
_BUILTIN_NAMES.update({id(getattr(math, name[5:])): name for name in _ir.BUILTINS if name.startswith("math.")})


class CompileError(ValueError):
    """A compute function the browser form cannot be made from (the message names the line and the fix)."""


class AssetsMissing(CompileError):
    """The book's browser assets are not here (crmlab installed as a package): no browser form, Jupyter's only."""


@cache
def ported_functions(path: Path | None = None) -> frozenset[str]:
    """The crmlab functions that have a browser port: ``crmlab.port("crmlab.x.y", …)`` in crmlab-formulas.js."""
    path = PORTS if path is None else path
    if not path.is_file():
        raise AssetsMissing(f"the browser ports of crmlab's formulas are missing ({path}): the browser form of a "
                           "calculator needs the book's assets, which come with a clone of the repository")
    return frozenset(re.findall(r'^\s*port\("([\w.]+)"', path.read_text(encoding="utf-8"), flags=re.MULTILINE))


# ---------------------------------------------------------------------------------------------------------
# Values while compiling

@dataclass(eq=False)
class Static:
    """Known here: computed in Python, reaches the browser (if at all) as a constant."""

    value: Any


@dataclass(eq=False)
class Dyn:
    """Depends on controls: ``ir`` computes it in the program; ``inline`` is the same without the program's
    variables (for filling tables), or None; ``deps`` the controls it depends on."""

    ir: list
    inline: list | None
    deps: frozenset


@dataclass(eq=False)
class PDict:
    """A dictionary with keys known here and some values that depend on controls."""

    items: dict


@dataclass(eq=False)
class PSeq:
    """A list or tuple of known length with some items that depend on controls."""

    items: list
    kind: str = "list"


@dataclass
class Program:
    """The compiled program: its statements and its precomputed tables."""

    statements: list
    tables: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        """The program as JSON-ready data (constants and table entries made plain)."""
        return {"statements": _plain_ir(self.statements),
                "tables": [{"controls": t["controls"], "sizes": t["sizes"],
                            "values": [{"__raise__": [v.kind, v.message]} if isinstance(v, _ir.Raised)
                                       else _ir.to_plain(v) for v in t["values"]]} for t in self.tables]}

    def run(self, values: Mapping[str, Any], positions: Mapping[str, int]) -> Any:
        """Run the program in Python (as the browser does) at control ``values``."""
        return _ir.run(self.statements, dict(values), self.tables, dict(positions))


def _plain_ir(node: Any) -> Any:
    if isinstance(node, list):
        if len(node) == 2 and node[0] == "c":
            return ["c", _ir.to_plain(node[1])]
        return [_plain_ir(item) for item in node]
    if isinstance(node, dict):
        return {key: _plain_ir(value) for key, value in node.items()}
    return node


# ---------------------------------------------------------------------------------------------------------

def compile_compute(function: Any, controls: Sequence[Any], data: Mapping[str, Any], name: str,
                    ported: frozenset[str] | None = None) -> Program:
    """The browser program of ``function`` with these (bound) ``controls`` and ``data`` (keyword-only arguments)."""
    return _Compiler(function, controls, data, name, ported_functions() if ported is None else ported).run()


class _Compiler:
    def __init__(self, function, controls, data, name, ported):
        self.function, self.name, self.ported = function, name, ported
        self.controls = {control.name: control for control in controls}
        self.data = dict(data)
        self.tables: list[dict] = []
        self.counter = itertools.count(1)
        self.file = inspect.getsourcefile(function) or "<compute>"
        lines, self.first_line = inspect.getsourcelines(function)
        tree = ast.parse(textwrap.dedent("".join(lines)))
        self.definition = next(node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef))
        closure = inspect.getclosurevars(function)
        self.namespace = {**vars(builtins), **function.__globals__, **closure.nonlocals}

    # -- errors ---------------------------------------------------------------------------------------------

    def error(self, node: ast.AST | None, message: str) -> CompileError:
        line = self.first_line + getattr(node, "lineno", 1) - 1
        return CompileError(f"calculator {self.name!r}, {Path(self.file).name} line {line}: {message}")

    # -- entry ----------------------------------------------------------------------------------------------

    def run(self) -> Program:
        env: dict[str, Any] = {}
        signature = inspect.signature(self.function)
        taken = set()
        for parameter in signature.parameters.values():
            if parameter.kind is parameter.KEYWORD_ONLY:
                env[parameter.name] = Static(self.data[parameter.name])
            elif parameter.kind is parameter.VAR_KEYWORD:
                continue
            elif parameter.name in self.controls:
                env[parameter.name] = self.control(parameter.name)
                taken.add(parameter.name)
            else:
                raise self.error(self.definition, f"argument {parameter.name!r} is not a control; controls are "
                                                  f"{sorted(self.controls)} (data arguments come after '*')")
        rest = [name for name in self.controls if name not in taken]
        if self.definition.args.kwarg is not None:
            env[self.definition.args.kwarg.arg] = PDict({name: self.control(name) for name in rest})
        statements, _, ended = self.block(self.definition.body, env)
        if not ended:
            raise self.error(self.definition, "the compute function must end with 'return {...}' (its results)")
        return Program(statements, self.tables)

    def control(self, name: str) -> Dyn:
        return Dyn(["g", name], ["g", name], frozenset([name]))

    def temp(self) -> str:
        return f"_{next(self.counter)}"

    # -- statements -----------------------------------------------------------------------------------------

    def block(self, statements: list[ast.stmt], env: dict) -> tuple[list, dict, bool]:
        """IR of ``statements``; the environment after them; whether every path through them ended."""
        out: list = []
        env = dict(env)
        for index, statement in enumerate(statements):
            if isinstance(statement, ast.If):
                test = self.expr(statement.test, env)
                if isinstance(test, Static):
                    branch = statement.body if test.value else statement.orelse
                    inner, env, ended = self.block(branch + statements[index + 1:], env)
                    return out + inner, env, ended
                test_ir, test_inline, test_deps = self.materialize(test, statement.test)
                rest = statements[index + 1:]
                body, body_env, body_ended = self.block(statement.body, env)
                other, other_env, other_ended = self.block(statement.orelse, env)
                if body_ended != other_ended and rest:
                    # The path that goes on runs the rest of the block inside its branch.
                    if body_ended:
                        more, other_env, other_ended = self.block(rest, other_env)
                        other += more
                    else:
                        more, body_env, body_ended = self.block(rest, body_env)
                        body += more
                    out.append(["when", test_ir, body, other])
                    return out, body_env if not body_ended else other_env, body_ended and other_ended
                env = self.merge([(body, body_env, body_ended), (other, other_env, other_ended)], env,
                                 test_inline, test_deps)
                out.append(["when", test_ir, body, other])
                if body_ended and other_ended:
                    return out, env, True
                continue
            ended = self.statement(statement, env, out)
            if ended:
                return out, env, True
        return out, env, False

    def statement(self, node: ast.stmt, env: dict, out: list) -> bool:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return False  # a docstring
        if isinstance(node, ast.Pass):
            return False
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1:
                raise self.error(node, "assign to one name at a time (a = b = … is not supported)")
            self.assign(node.targets[0], self.expr(node.value, env), env, out)
            return False
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            self.assign(node.target, self.expr(node.value, env), env, out)
            return False
        if isinstance(node, ast.AugAssign):
            if not isinstance(node.target, ast.Name):
                raise self.error(node, "augmented assignment (+=) works on a plain name only")
            value = self.binary(_BINARY[type(node.op)], self.lookup(node.target, env), self.expr(node.value, env),
                                node)
            self.assign(node.target, value, env, out)
            return False
        if isinstance(node, ast.For):
            return self.loop(node, env, out)
        if isinstance(node, ast.Raise):
            call = node.exc
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                    and call.func.id in ("ValueError", "TypeError") and len(call.args) == 1 and not call.keywords):
                raise self.error(node, "raise ValueError(message) or TypeError(message), with one message")
            message, _, _ = self.materialize(self.expr(call.args[0], env), node)
            out.append(["raise", call.func.id, message])
            return True
        if isinstance(node, ast.Return):
            if node.value is None:
                raise self.error(node, "return the results: return {'name': value, …}")
            value, _, _ = self.materialize(self.expr(node.value, env), node)
            out.append(["return", value])
            return True
        if isinstance(node, ast.Try):
            return self.attempt(node, env, out)
        raise self.error(node, f"a compute function cannot use {type(node).__name__} statements here; see the "
                               "docstring of crmlab.calculators._compile for what it can use")

    def assign(self, target: ast.expr, value: Any, env: dict, out: list) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = self.store(value, out)
            return
        if isinstance(target, (ast.Tuple, ast.List)) and all(isinstance(t, ast.Name) for t in target.elts):
            names = [t.id for t in target.elts]
            if isinstance(value, Static):
                items = list(value.value)
                if len(items) != len(names):
                    raise self.error(target, f"cannot unpack {len(items)} values into {len(names)} names")
                for name, item in zip(names, items):
                    env[name] = Static(item)
                return
            if isinstance(value, PSeq):
                if len(value.items) != len(names):
                    raise self.error(target, f"cannot unpack {len(value.items)} values into {len(names)} names")
                for name, item in zip(names, value.items):
                    env[name] = self.store(item, out)
                return
            ir, inline, deps = self.materialize(value, target)
            temps = [self.temp() for _ in names]
            out.append(["unpack", temps, ir])
            for position, (name, temp) in enumerate(zip(names, temps)):
                item_inline = None if inline is None else ["item", inline, ["c", position]]
                env[name] = Dyn(["g", temp], item_inline, deps)
            return
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            container = self.lookup(target.value, env)
            key = self.expr(target.slice, env)
            if isinstance(container, (PDict, Static)) and isinstance(key, Static):
                items = dict(container.items) if isinstance(container, PDict) else \
                    {k: Static(v) for k, v in dict(container.value).items()}
                items[key.value] = self.store(value, out)
                env[target.value.id] = PDict(items)
                return
        raise self.error(target, "assign to a name, a tuple of names, or d[key] of a dictionary with a fixed key")

    def store(self, value: Any, out: list) -> Any:
        """A value bound to a name: each part that depends on the controls is computed once, into a variable of
        the program (also the parts of a dictionary or list with fixed keys)."""
        if isinstance(value, Dyn) and value.ir[0] not in ("g", "c"):
            temp = self.temp()
            out.append(["set", temp, value.ir])
            return Dyn(["g", temp], value.inline, value.deps)
        if isinstance(value, PDict):
            return PDict({key: self.store(item, out) for key, item in value.items.items()})
        if isinstance(value, PSeq):
            return PSeq([self.store(item, out) for item in value.items], value.kind)
        return value

    def merge(self, branches: list[tuple[list, dict, bool]], before: dict, test_inline: list | None,
              test_deps: frozenset) -> dict:
        """The environment after an ``if`` or ``try``: names that differ between the branches become variables
        each branch sets."""
        alive = [(body, env) for body, env, ended in branches if not ended]
        if not alive:
            return before
        merged = dict(alive[0][1])
        names = set().union(*(env for _, env in alive))
        for name in names:
            values = [env.get(name) for _, env in alive]
            if all(value is values[0] for value in values):
                merged[name] = values[0]
                continue
            temp = self.temp()
            inlines, deps = [], set(test_deps)
            for (body, _), value in zip(alive, values):
                ir, inline, value_deps = self.materialize(value, None) if value is not None else (["c", None],
                                                                                                    ["c", None], set())
                body.append(["set", temp, ir])
                inlines.append(inline)
                deps |= value_deps
            if len(alive) == 1:
                inline = inlines[0]
            elif len(alive) == 2 and test_inline is not None and None not in inlines:
                inline = ["if", test_inline, inlines[0], inlines[1]]
            else:
                inline = None
            merged[name] = Dyn(["g", temp], inline, frozenset(deps))
        return merged

    def loop(self, node: ast.For, env: dict, out: list) -> bool:
        if node.orelse:
            raise self.error(node, "for … else is not supported")
        items = self.fixed_items(self.expr(node.iter, env))
        if items is None or len(items) > UNROLL * 4:
            raise self.error(node, "a for loop must run over a fixed list (not one that depends on the controls); "
                                   "use a comprehension for a list that does")
        for item in items:
            self.bind(node.target, item, env)
            for statement in node.body:
                if isinstance(statement, (ast.Break, ast.Continue, ast.If, ast.Try, ast.For)):
                    raise self.error(statement, "inside a for loop use assignments only (no if, break or nested "
                                                "loops); write the branches as conditional expressions")
                if self.statement(statement, env, out):
                    return True
        return False

    def attempt(self, node: ast.Try, env: dict, out: list) -> bool:
        if node.orelse or node.finalbody or len(node.handlers) != 1:
            raise self.error(node, "use try: … except ValueError: … (one handler, no else/finally)")
        handler = node.handlers[0]
        kinds = self.exception_kinds(handler)
        body, body_env, body_ended = self.block(node.body, env)
        handler_env = dict(env)
        variable = None
        if handler.name:
            variable = self.temp()
            handler_env[handler.name] = Dyn(["g", variable], None, frozenset(self.controls))
        caught, caught_env, caught_ended = self.block(handler.body, handler_env)
        merged = self.merge([(body, body_env, body_ended), (caught, caught_env, caught_ended)], env, None,
                            frozenset())
        env.clear()
        env.update(merged)
        out.append(["try", body, variable, caught, kinds])
        return body_ended and caught_ended

    def exception_kinds(self, handler: ast.ExceptHandler) -> list[str]:
        names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        kinds = [n.id for n in names if isinstance(n, ast.Name)]
        if not kinds or len(kinds) != len(names) or set(kinds) - {"ValueError", "TypeError"}:
            raise self.error(handler, "catch ValueError and/or TypeError (what crmlab raises for bad input)")
        return kinds

    def bind(self, target: ast.expr, value: Any, env: dict) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = self.fixed_items(value)
            if items is None or len(items) != len(target.elts):
                raise self.error(target, "cannot unpack this value into the loop's names")
            for sub, item in zip(target.elts, items):
                self.bind(sub, item, env)
        else:
            raise self.error(target, "a loop target must be a name or a tuple of names")

    # -- expressions ----------------------------------------------------------------------------------------

    def lookup(self, node: ast.Name, env: dict) -> Any:
        if node.id in env:
            return env[node.id]
        if node.id in self.namespace:
            return Static(self.namespace[node.id])
        raise self.error(node, f"name {node.id!r} is not defined")

    def expr(self, node: ast.expr, env: dict) -> Any:
        method = getattr(self, "expr_" + type(node).__name__, None)
        if method is None:
            raise self.error(node, f"a compute function cannot use {type(node).__name__} expressions here")
        return method(node, env)

    def expr_Constant(self, node, env):
        return Static(node.value)

    def expr_Name(self, node, env):
        return self.lookup(node, env)

    def expr_BinOp(self, node, env):
        return self.binary(_BINARY[type(node.op)], self.expr(node.left, env), self.expr(node.right, env), node)

    def binary(self, op: str, left: Any, right: Any, node: ast.AST) -> Any:
        if isinstance(left, Static) and isinstance(right, Static):
            return Static(self.static(node, _ir.BINARY[op], left.value, right.value))
        if op == "+" and all(isinstance(side, (PSeq, Static)) for side in (left, right)):
            items = [self.fixed_items(side) for side in (left, right)]
            if None not in items:
                return PSeq(items[0] + items[1])
        return self.combine(["bin", op], [left, right], node)

    def expr_UnaryOp(self, node, env):
        operand = self.expr(node.operand, env)
        op = _UNARY[type(node.op)]
        if isinstance(operand, Static):
            return Static(self.static(node, _ir.UNARY[op], operand.value))
        return self.combine(["un", op], [operand], node)

    def expr_BoolOp(self, node, env):
        kind = "and" if isinstance(node.op, ast.And) else "or"
        result = self.expr(node.values[0], env)
        for value_node in node.values[1:]:
            if isinstance(result, Static):
                if bool(result.value) == (kind == "or"):
                    return result
                result = self.expr(value_node, env)
            else:
                result = self.combine([kind], [result, self.expr(value_node, env)], node)
        return result

    def expr_Compare(self, node, env):
        left = self.expr(node.left, env)
        result = None
        for op_node, right_node in zip(node.ops, node.comparators):
            right = self.expr(right_node, env)
            op = _COMPARE[type(op_node)]
            if isinstance(left, Static) and isinstance(right, Static):
                part = Static(self.static(node, _ir.COMPARISONS[op], left.value, right.value))
            else:
                part = self.combine(["cmp", op], [left, right], node)
            result = part if result is None else (self.combine(["and"], [result, part], node)
                                                  if not isinstance(result, Static) or result.value else result)
            left = right
        return result

    def expr_IfExp(self, node, env):
        test = self.expr(node.test, env)
        if isinstance(test, Static):
            return self.expr(node.body if test.value else node.orelse, env)
        return self.combine(["if"], [test, self.expr(node.body, env), self.expr(node.orelse, env)], node)

    def expr_Dict(self, node, env):
        items: dict = {}
        for key_node, value_node in zip(node.keys, node.values):
            if key_node is None:  # {**other}
                other = self.expr(value_node, env)
                if isinstance(other, Static) and isinstance(other.value, Mapping):
                    items.update({k: Static(v) for k, v in other.value.items()})
                elif isinstance(other, PDict):
                    items.update(other.items)
                else:
                    raise self.error(node, "{**d} needs a dictionary with fixed keys")
                continue
            key = self.expr(key_node, env)
            if not isinstance(key, Static):
                raise self.error(key_node, "a dictionary's keys must not depend on the controls")
            items[key.value] = self.expr(value_node, env)
        return self.partial_dict(items)

    def partial_dict(self, items: dict) -> Any:
        if all(isinstance(value, Static) for value in items.values()):
            return Static({key: value.value for key, value in items.items()})
        return PDict(items)

    def expr_List(self, node, env):
        return self.sequence(node, env, "list")

    def expr_Tuple(self, node, env):
        return self.sequence(node, env, "tuple")

    def sequence(self, node, env, kind):
        items = []
        for element in node.elts:
            if isinstance(element, ast.Starred):
                expanded = self.fixed_items(self.expr(element.value, env))
                if expanded is None:
                    raise self.error(element, "*list needs a list of fixed length")
                items += expanded
            else:
                items.append(self.expr(element, env))
        if all(isinstance(item, Static) for item in items):
            values = [item.value for item in items]
            return Static(values if kind == "list" else tuple(values))
        return PSeq(items, kind)

    def expr_Attribute(self, node, env):
        base = self.expr(node.value, env)
        if isinstance(base, Static):
            return Static(self.static(node, getattr, base.value, node.attr))
        if isinstance(base, PDict):
            if node.attr in base.items:
                return base.items[node.attr]
            raise self.error(node, f"the value has no field {node.attr!r}")
        return self.combine(["attr"], [base], node, tail=[node.attr])

    def expr_Subscript(self, node, env):
        base = self.expr(node.value, env)
        if isinstance(node.slice, ast.Slice):
            parts = [None if part is None else self.expr(part, env)
                     for part in (node.slice.lower, node.slice.upper, node.slice.step)]
            if isinstance(base, (Static, PSeq)) and all(p is None or isinstance(p, Static) for p in parts):
                key = slice(*(None if p is None else p.value for p in parts))
                if isinstance(base, Static):
                    return Static(self.static(node, operator.getitem, base.value, key))
                return PSeq(base.items[key], base.kind)
            return self.index(base, ["slice", *parts], node)
        if isinstance(node.slice, ast.Tuple):
            keys = [self.expr(part, env) for part in node.slice.elts]
            if isinstance(base, Static) and all(isinstance(k, Static) for k in keys):
                return Static(self.static(node, operator.getitem, base.value, tuple(k.value for k in keys)))
            return self.index(base, ["keys", *keys], node)
        key = self.expr(node.slice, env)
        if isinstance(key, Static):
            if isinstance(base, Static):
                return Static(self.static(node, operator.getitem, base.value, key.value))
            if isinstance(base, PDict):
                if key.value not in base.items:
                    raise self.error(node, f"the dictionary has no key {key.value!r}")
                return base.items[key.value]
            if isinstance(base, PSeq) and isinstance(key.value, int):
                return base.items[key.value]
        return self.index(base, key, node)

    def index(self, base: Any, key: Any, node: ast.AST) -> Dyn:
        """``base[key]`` in the program; ``key`` a value, or ``["slice", …]`` / ``["keys", …]`` of values."""
        base_ir, base_inline, deps = self.materialize(base, node)
        if isinstance(key, list):
            parts = [None if part is None else self.materialize(part, node) for part in key[1:]]
            key_ir = [key[0], *[None if p is None else p[0] for p in parts]]
            key_inline = None if any(p is not None and p[1] is None for p in parts) else \
                [key[0], *[None if p is None else p[1] for p in parts]]
            deps = deps.union(*(p[2] for p in parts if p is not None))
        else:
            key_ir, key_inline, key_deps = self.materialize(key, node)
            deps = deps | key_deps
        inline = None if base_inline is None or key_inline is None else ["item", base_inline, key_inline]
        return Dyn(["item", base_ir, key_ir], inline, deps)

    def expr_JoinedStr(self, node, env):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(Static(value.value))
                continue
            if value.format_spec is not None and not all(isinstance(v, ast.Constant)
                                                         for v in value.format_spec.values):
                raise self.error(value, "a format spec inside an f-string must be fixed")
            spec = "".join(v.value for v in value.format_spec.values) if value.format_spec else ""
            conversion = {-1: None, 115: "s", 114: "r", 97: "a"}[value.conversion]
            parts.append((self.expr(value.value, env), conversion, spec))
        if all(isinstance(p, Static) or isinstance(p[0], Static) for p in parts):
            return Static("".join(p.value if isinstance(p, Static) else format(_ir._convert(p[0].value, p[1]), p[2])
                                  for p in parts))
        out, inline, deps = [], [], set()
        for part in parts:
            if isinstance(part, Static):
                out.append(part.value)
                inline.append(part.value)
                continue
            ir, part_inline, part_deps = self.materialize(part[0], node)
            out.append([ir, part[1], part[2]])
            inline.append(None if part_inline is None else [part_inline, part[1], part[2]])
            deps |= part_deps
        return Dyn(["fstr", out], None if None in inline else ["fstr", inline], frozenset(deps))

    def expr_ListComp(self, node, env):
        return self.comprehension(node, env, "list")

    def expr_GeneratorExp(self, node, env):
        return self.comprehension(node, env, "list")

    def expr_DictComp(self, node, env):
        return self.comprehension(node, env, "dict")

    def comprehension(self, node, env, kind):
        if len(node.generators) != 1 or node.generators[0].is_async:
            raise self.error(node, "a comprehension may have one 'for' clause")
        generator = node.generators[0]
        source = self.expr(generator.iter, env)
        items = self.fixed_items(source)
        if items is not None and len(items) <= UNROLL:
            return self.unrolled(node, env, kind, generator, items)
        if isinstance(source, Static) and not isinstance(source.value, list):
            source = Static(list(source.value))
        iter_ir, iter_inline, deps = self.materialize(source, node)
        scope = dict(env)
        targets = self.loop_targets(generator.target, scope, deps)
        tests = [self.materialize(self.expr(test, scope), test) for test in generator.ifs]
        if kind == "dict":
            key = self.materialize(self.expr(node.key, scope), node)
            element = self.materialize(self.expr(node.value, scope), node)
        else:
            key, element = (None, None, frozenset()), self.materialize(self.expr(node.elt, scope), node)
        parts = [element, key, *tests]
        ir = ["comp", kind, iter_ir, targets, element[0], key[0], [t[0] for t in tests]]
        inline = None
        if iter_inline is not None and all(p[1] is not None for p in parts if p[0] is not None):
            inline = ["comp", kind, iter_inline, targets, element[1], key[1], [t[1] for t in tests]]
        return Dyn(ir, inline, deps.union(*(p[2] for p in parts)))

    def loop_targets(self, target, scope, deps):
        if isinstance(target, ast.Name):
            temp = self.temp()
            scope[target.id] = Dyn(["g", temp], ["g", temp], deps)
            return temp
        if isinstance(target, (ast.Tuple, ast.List)):
            return [self.loop_targets(sub, scope, deps) for sub in target.elts]
        raise self.error(target, "a comprehension's target must be a name or a tuple of names")

    def unrolled(self, node, env, kind, generator, items):
        picked = []
        for item in items:
            scope = dict(env)
            self.bind(generator.target, item, scope)
            test = Static(True)
            for condition in generator.ifs:
                part = self.expr(condition, scope)
                test = part if isinstance(test, Static) and test.value else self.combine(["and"], [test, part],
                                                                                        condition)
                if isinstance(test, Static) and not test.value:
                    break
            if isinstance(test, Static) and not test.value:
                continue
            if kind == "dict":
                key = self.expr(node.key, scope)
                if not isinstance(key, Static):
                    raise self.error(node, "a dictionary comprehension's keys must not depend on the controls")
                picked.append((test, key.value, self.expr(node.value, scope)))
            else:
                picked.append((test, None, self.expr(node.elt, scope)))
        if all(isinstance(test, Static) for test, _, _ in picked):
            if kind == "dict":
                return self.partial_dict({key: value for _, key, value in picked})
            values = [value for _, _, value in picked]
            return Static([v.value for v in values]) if all(isinstance(v, Static) for v in values) else PSeq(values)
        if kind == "dict":
            raise self.error(node, "a dictionary comprehension cannot filter on values that depend on the controls")
        pairs, inline_pairs, deps = [], [], set()
        for test, _, value in picked:
            test_part = None if isinstance(test, Static) else self.materialize(test, node)
            value_part = self.materialize(value, node)
            pairs.append([None if test_part is None else test_part[0], value_part[0]])
            inline_pairs.append([None if test_part is None else test_part[1], value_part[1]])
            deps |= value_part[2] | (test_part[2] if test_part else set())
        complete = all(p[1] is not None and (t is None or p[0] is not None) for p, (t, _, _) in
                       zip(inline_pairs, picked))
        return Dyn(["pick", pairs], ["pick", inline_pairs] if complete else None, frozenset(deps))

    def expr_Call(self, node, env):
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.error(node, "*args in a call is not supported")
        if isinstance(node.func, ast.Attribute):
            receiver = self.expr(node.func.value, env)
            if not isinstance(receiver, Static) or (
                    isinstance(receiver.value, (str, list, tuple, dict)) and node.func.attr in _ir.METHODS
                    and not all(isinstance(self.expr(a, env), Static) for a in node.args)):
                return self.method(receiver, node, env)
            callee = Static(self.static(node, getattr, receiver.value, node.func.attr))
        else:
            callee = self.expr(node.func, env)
        if not isinstance(callee, Static) or not callable(callee.value):
            raise self.error(node, "only functions known when the calculator is built can be called")
        args = [self.expr(a, env) for a in node.args]
        kwargs: dict[str, Any] = {}
        for keyword in node.keywords:
            value = self.expr(keyword.value, env)
            if keyword.arg is None:
                if isinstance(value, PDict):
                    kwargs.update(value.items)
                elif isinstance(value, Static) and isinstance(value.value, Mapping):
                    kwargs.update({k: Static(v) for k, v in value.value.items()})
                else:
                    raise self.error(node, "**kwargs needs a dictionary with fixed keys")
            else:
                kwargs[keyword.arg] = value
        return self.call(callee.value, args, kwargs, node)

    def call(self, function: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        values = [*args, *kwargs.values()]
        if all(isinstance(v, Static) for v in values):
            return Static(self.static(node, function, *[a.value for a in args],
                                      **{k: v.value for k, v in kwargs.items()}))
        builtin = _BUILTIN_NAMES.get(id(function))
        if builtin == "len":
            items = self.fixed_items(args[0]) if len(args) == 1 and not kwargs else None
            if items is not None:
                return Static(len(items))
        if builtin is not None:
            if kwargs:
                raise self.error(node, f"{builtin}() takes no keyword arguments here")
            return self.combine(["builtin", builtin], args, node)
        name = _ir.qualified_name(function) if hasattr(function, "__qualname__") else repr(function)
        if name in self.ported:
            try:
                bound = inspect.signature(function).bind(*args, **kwargs)
            except TypeError as error:
                raise self.error(node, f"{name}: {error}") from None
            bound.apply_defaults()
            names = list(bound.arguments)
            parts = [self.materialize(bound.arguments[n] if isinstance(bound.arguments[n], (Static, Dyn, PDict, PSeq))
                                      else Static(bound.arguments[n]), node) for n in names]
            inline = None if any(p[1] is None for p in parts) else ["call", name, [p[1] for p in parts], names]
            return Dyn(["call", name, [p[0] for p in parts], names], inline, frozenset().union(*(p[2] for p in parts)))
        return self.tabulate(function, name, args, kwargs, node)

    def method(self, receiver: Any, node: ast.Call, env: dict) -> Any:
        name = node.func.attr
        args = [self.expr(a, env) for a in node.args]
        if node.keywords:
            raise self.error(node, f".{name}() takes no keyword arguments here")
        if isinstance(receiver, PDict) and name in ("items", "keys", "values") and not args:
            keys = list(receiver.items)
            if name == "keys":
                return Static(keys)
            if name == "values":
                return PSeq(list(receiver.items.values()))
            return PSeq([PSeq([Static(k), receiver.items[k]], "tuple") for k in keys])
        if isinstance(receiver, PDict) and name == "get" and args and isinstance(args[0], Static):
            return receiver.items.get(args[0].value, args[1] if len(args) > 1 else Static(None))
        if name not in _ir.METHODS:
            raise self.error(node, f"the method .{name}() cannot run in the browser; the browser knows "
                                   f"{', '.join(sorted(_ir.METHODS))}")
        return self.combine(["method"], [receiver, *args], node, tail=[name], split=1)

    def tabulate(self, function: Any, name: str, args: list, kwargs: dict, node: ast.AST) -> Dyn:
        parts = [self.materialize(v, node) for v in [*args, *kwargs.values()]]
        if any(p[1] is None for p in parts):
            raise self.error(node, f"{name} is called with a value computed inside a loop or a try block; compute "
                                   "its arguments from the controls directly")
        deps = [c for c in self.controls if c in frozenset().union(*(p[2] for p in parts))]
        sizes = []
        for control in deps:
            positions = self.controls[control].positions()
            if positions is None:
                raise self.error(node, f"{name} has no browser port and depends on the typed-in number "
                                       f"{control!r}; give it a port in crmlab-formulas.js, or make the control a "
                                       "slider")
            sizes.append(len(positions))
        total = math.prod(sizes)
        if total > TABLE_LIMIT:
            shown = ", ".join(f"{c} ({s} positions)" for c, s in zip(deps, sizes))
            raise self.error(node, f"{name} has no browser port and its arguments depend on {shown}: {total:,} "
                                   f"positions, more than the {TABLE_LIMIT:,} a precomputed table may hold; give "
                                   "it a port in book/assets/static/crmlab-formulas.js (see docs/calculators.md)")
        values = []
        all_positions = {c: self.controls[c].positions() for c in deps}
        for combination in itertools.product(*(range(s) for s in sizes)):
            positions = dict(zip(deps, combination))
            scope = {c: all_positions[c][k] for c, k in positions.items()}
            try:
                evaluated = [_ir.evaluate(p[1], scope, self.tables, positions) for p in parts]
                result = function(*evaluated[:len(args)], **dict(zip(kwargs, evaluated[len(args):])))
            except _ir.Raised as raised:
                result = raised
            except (ValueError, TypeError) as error:
                result = _ir.Raised(type(error).__name__, str(error))
            if not isinstance(result, _ir.Raised) and not _ir.is_plain(result):
                raise self.error(node, f"{name} returns {type(result).__name__}, which cannot be stored for the "
                                       "browser; return numbers, text, lists or dictionaries of them")
            values.append(result)
        self.tables.append({"controls": deps, "sizes": sizes, "values": values})
        index = len(self.tables) - 1
        return Dyn(["table", index], ["table", index], frozenset(deps))

    # -- helpers --------------------------------------------------------------------------------------------

    def combine(self, head: list, operands: list, node: ast.AST, tail: list | None = None, split: int = 0) -> Dyn:
        """An operation of the program on ``operands``: ``head + [operand, …] + tail`` (``split`` operands
        first, the rest as a list, for method calls)."""
        parts = [self.materialize(operand, node) for operand in operands]
        irs = [p[0] for p in parts]
        inlines = [p[1] for p in parts]
        if split:
            ir = head + irs[:split] + (tail or []) + [irs[split:]]
            inline = head + inlines[:split] + (tail or []) + [inlines[split:]]
        elif head[0] == "builtin":
            ir, inline = head + [irs], head + [inlines]
        else:
            ir, inline = head + irs + (tail or []), head + inlines + (tail or [])
        complete = None not in inlines
        return Dyn(ir, inline if complete else None, frozenset().union(*(p[2] for p in parts)))

    def materialize(self, value: Any, node: ast.AST | None) -> tuple[list, list | None, frozenset]:
        """(ir, inline, deps) of any compile-time value."""
        if isinstance(value, Dyn):
            return value.ir, value.inline, value.deps
        if isinstance(value, Static):
            if not _ir.is_plain(value.value):
                raise self.error(node, f"the value {value.value!r} cannot be sent to the browser")
            return ["c", value.value], ["c", value.value], frozenset()
        if isinstance(value, PDict):
            for key in value.items:
                if not isinstance(key, str):
                    raise self.error(node, f"a dictionary sent to the browser must have text keys, got {key!r}")
            parts = [self.materialize(v, node) for v in value.items.values()]
            keys = [["c", k] for k in value.items]
            inline = None if any(p[1] is None for p in parts) else ["dict", keys, [p[1] for p in parts]]
            return ["dict", keys, [p[0] for p in parts]], inline, frozenset().union(*(p[2] for p in parts))
        if isinstance(value, PSeq):
            parts = [self.materialize(v, node) for v in value.items]
            inline = None if any(p[1] is None for p in parts) else [value.kind, [p[1] for p in parts]]
            return [value.kind, [p[0] for p in parts]], inline, frozenset().union(*(p[2] for p in parts))
        raise self.error(node, f"internal: cannot materialize {value!r}")

    def fixed_items(self, value: Any) -> list | None:
        """The items of a value of fixed length (as compile-time values), or None."""
        if isinstance(value, PSeq):
            return list(value.items)
        if isinstance(value, Static) and hasattr(value.value, "__iter__"):
            return [Static(item) for item in list(value.value)]
        return None

    def static(self, node: ast.AST, function: Any, *args: Any, **kwargs: Any) -> Any:
        """``function(*args, **kwargs)`` computed now; an error becomes a CompileError at that line."""
        try:
            return function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - reported with the line that caused it
            raise self.error(node, f"{type(error).__name__} while computing a fixed part: {error}") from None

