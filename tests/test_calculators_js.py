"""The browser's side of the calculators, run in Node: the same numbers and sentences as crmlab's.

``book/assets/static/crmlab-calculators.js`` (the engine) and
``crmlab-formulas.js`` (the ports of crmlab's formulas) are loaded by
``tests/js/run.js``; each test sends it cases as JSON and compares what comes
back with Python:

- number formatting against Python's own ``format`` (ties included: Python
  rounds the exact binary value half to even);
- every declared calculator at many positions of its controls: the sentence
  (or the message) must be identical, every number of the results equal to
  1e-9 (numpy's and the browser's ``pow`` may differ in the last bit);
- every port against the crmlab function it stands for, with good and bad
  arguments (the same value, or the same error and message).
"""

from __future__ import annotations

import inspect
import json
import math
import random
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from crmlab import value
from crmlab.calculators import _compile, _html, _ir
from crmlab.calculators._format import fmt
from crmlab.calculators.value import COMPONENTS
from tests import calculator_helpers as helpers

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "js" / "run.js"


def node(job: dict) -> dict:
    if shutil.which("node") is None:
        pytest.fail("node is not on PATH: the calculator engine is tested in Node.js (README: Node.js is needed)")
    done = subprocess.run(["node", str(RUNNER)], input=json.dumps(job), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def floats(value):
    """Plain data with infinities as floats again (Series and DataFrames stay tagged dictionaries)."""
    if isinstance(value, dict):
        return float(value["__float__"]) if set(value) == {"__float__"} else {k: floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [floats(item) for item in value]
    return value


def close(python, browser, path="") -> list[str]:
    """Where two plain results differ (numbers compared to 1e-9, relative)."""
    python, browser = floats(python), floats(browser)
    if isinstance(python, bool) or isinstance(browser, bool) or python is None or browser is None:
        return [] if python == browser else [f"{path}: {python!r} vs {browser!r}"]
    if isinstance(python, (int, float)) and isinstance(browser, (int, float)):
        if math.isinf(python) or math.isinf(browser):
            return [] if python == browser else [f"{path}: {python!r} vs {browser!r}"]
        return [] if math.isclose(python, browser, rel_tol=1e-9, abs_tol=1e-9) else [f"{path}: {python} vs {browser}"]
    if isinstance(python, dict) and isinstance(browser, dict):
        if set(python) != set(browser):
            return [f"{path}: keys {sorted(set(python) ^ set(browser))}"]
        return [d for key in python for d in close(python[key], browser[key], f"{path}.{key}")]
    if isinstance(python, list) and isinstance(browser, list):
        if len(python) != len(browser):
            return [f"{path}: {len(python)} items vs {len(browser)}"]
        return [d for i, (a, b) in enumerate(zip(python, browser)) for d in close(a, b, f"{path}[{i}]")]
    return [] if python == browser else [f"{path}: {python!r} vs {browser!r}"]


# --- numbers --------------------------------------------------------------------------------------------------

SPECS = [".0f", ".1f", ".2f", ".3f", ",.0f", ",.2f", "+.1f", "+.0f", ".0%", ".1%", "g", ".3g", ".1e", ".0e",
         ".6g", "+.2%", ".4f", ",.1f", "+.3g", ".10f"]
TIES = [0.5, 1.5, 2.5, -0.5, -2.5, 0.125, 0.375, 2.675, 1.005, 0.045, 9.9995, 0.99995, 123456.5, 0.0, -0.0,
        1e-5, 1e16, 5e-324, 1234567.891]


def numbers(count: int, seed: int = 1) -> list[float]:
    rng = random.Random(seed)
    out = list(TIES)
    while len(out) < count:
        kind = rng.random()
        if kind < 0.3:
            out.append(rng.uniform(-1e6, 1e6))
        elif kind < 0.5:
            out.append(round(rng.uniform(-100, 100), rng.randint(0, 4)))
        elif kind < 0.6:
            out.append(rng.randint(-10**7, 10**7) / 8)  # exact binary fractions: ties at every spec
        elif kind < 0.8:
            out.append(10 ** rng.uniform(-8, 18) * rng.choice([1, -1]))
        else:
            out.append(rng.random())
    return out


def test_numbers_are_formatted_exactly_as_python_formats_them():
    rng = random.Random(2)
    cases = [[value, spec, "py"] for value in numbers(4000) for spec in rng.sample(SPECS, 5)]
    got = node({"formats": cases})["formats"]
    wrong = [(value, spec, text, format(value, spec)) for (value, spec, _), text in zip(cases, got)
             if text != format(value, spec)]
    assert not wrong, f"{len(wrong)} of {len(cases)} differ, e.g. {wrong[:5]}"


def test_calculator_numbers_match_crmlab_fmt():
    specs = [".0f", ".2f", ",.0f", "+.1f", ".0%", ".1%", ",.2f", ""]
    cases = [[value, spec, "fmt"] for value in numbers(1500, seed=3) + [float("inf"), -float("inf"), 20.0]
             for spec in specs]
    got = node({"formats": [[_ir.to_plain(v), s, k] for v, s, k in cases]})["formats"]
    wrong = [(v, s, g, fmt(v, s)) for (v, s, _), g in zip(cases, got) if g != fmt(v, s)]
    assert not wrong, wrong[:5]


# --- every calculator ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_calculator_computes_in_the_browser_what_crmlab_computes(lang):
    calcs = helpers.instances(lang)
    payloads, cases, expected = [], [], []
    for index, (name, calc) in enumerate(calcs.items()):
        payloads.append(_html.payload(calc))
        for values in helpers.positions(calc, count=60, seed=index):
            cases.append([index, _ir.to_plain(values)])
            expected.append((name, values, calc.outcome(values)))
    got = node({"payloads": payloads, "outcomes": cases})["outcomes"]
    problems = []
    for (name, values, outcome), browser in zip(expected, got):
        if outcome.message is not None:
            if browser.get("message") != outcome.message:
                problems.append(f"{name} {values}: message {outcome.message!r}, browser {browser}")
        elif browser.get("sentence") != outcome.sentence:
            problems.append(f"{name} {values}:\n  crmlab:  {outcome.sentence!r}\n  browser: {browser}")
        else:
            problems += [f"{name} {values} {d}" for d in close(_ir.to_plain(outcome.results), browser["results"])]
    assert len(expected) > 1000
    assert not problems, f"{len(problems)} of {len(expected)} positions differ:\n" + "\n".join(problems[:8])


def test_the_browser_reports_a_broken_program_instead_of_guessing():
    payload = _html.payload(helpers.instances()["leaky_bucket"])
    payload["program"]["statements"][0][2][1] = "crmlab.retention.no_such_function"
    got = node({"payloads": [payload], "outcomes": [[0, {"initial": 1000, "acquired": 100, "churn": 20,
                                                          "periods": 20}]]})["outcomes"]
    assert "no browser port for crmlab.retention.no_such_function" in got[0]["crash"]


# --- every port -----------------------------------------------------------------------------------------------

def port_cases(rng: random.Random) -> dict[str, list[list]]:
    """Arguments to try for each port: mostly valid, some out of range (each port's checks and messages)."""
    def r(low, high, bad=0.1):
        return rng.uniform(low - (high - low), low) if rng.random() < bad else rng.uniform(low, high)

    offer = lambda: value.delivered_value(**{part: r(0, 100, 0) for part in COMPONENTS})  # noqa: E731
    mix = lambda: (lambda w, s: {"weak": w, "semi-strong": round(1 - w - s, 12), "strong": s})(  # noqa: E731
        rng.choice([0.1, 0.25, 0.5]), rng.choice([0.2, 0.3, 0.25]))
    dims = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
    series = lambda: pd.Series([rng.uniform(1, 7) for _ in range(6)], index=list("abcdef"))  # noqa: E731
    return {
        "crmlab.value.delivered_value": [[r(0, 100, 0.05) for _ in range(8)] for _ in range(60)],
        "crmlab.value.chosen_offer": [[{name: offer() for name in rng.sample("ABCD", rng.randint(1, 3))}]
                                      for _ in range(30)] + [[{"A": (o := offer()), "B": o}]],  # a tie: the first
        "crmlab.value.target_cost": [[r(0, 100), r(0, 1)] for _ in range(60)],
        "crmlab.satisfaction.satisfaction_gap": [[r(0, 10), r(0, 10)] for _ in range(30)],
        "crmlab.satisfaction.satisfaction_ratio": [[r(0, 10), r(0, 10, 0.2)] for _ in range(60)],
        "crmlab.satisfaction.q_model": [[r(0, 10), r(0, 10), r(0, 2)] for _ in range(60)],
        "crmlab.satisfaction.servqual_gaps": [[{d: r(1, 7) for d in dims}, {d: r(1, 7) for d in dims},
                                               {d: rng.choice([0, 0, 10, 35.5]) for d in dims}] for _ in range(60)],
        "crmlab.satisfaction.ipa_quadrant": [[series(), series(), rng.choice([None, r(1, 7)]),
                                              rng.choice([None, r(1, 7)])] for _ in range(40)],
        "crmlab.satisfaction.word_of_mouth": [[r(0, 20), r(0, 30), r(0, 3650)] for _ in range(40)],
        "crmlab.satisfaction.retention_band": [[rng.choice([1, 2, 3, 4, 5, 0, 6])] for _ in range(20)],
        "crmlab.satisfaction.complaint_outcomes": [[r(0, 5000), r(0, 1), r(0, 1), r(0, 30), r(0, 1), r(0, 30)]
                                                   for _ in range(60)],
        "crmlab.trust.stays_after_breach": [[rng.choice(["weak", "semi-strong", "strong", "blind"]), r(0, 1),
                                             r(0, 1)] for _ in range(60)],
        "crmlab.trust.share_retained": [[mix(), r(0, 1), r(0, 1)] for _ in range(60)],
        "crmlab.trust.trust_strength": [[r(0, 1), r(0, 1), rng.choice([1 / 3, 0.5]), rng.choice([2 / 3, 0.4])]
                                        for _ in range(60)],
        "crmlab.trust.trust_from_service": [[rng.random() < 0.5 for _ in range(3)] for _ in range(16)],
        "crmlab.trust.sales_after_shock": [[r(0, 500), r(0, 1), r(0, 0.1), rng.randint(0, 200)] for _ in range(30)],
        "crmlab.trust.periods_to_recover": [[r(0, 1), rng.choice([0.0, 1.0, r(0, 0.2)]), rng.choice([0.9, 0.5])]
                                            for _ in range(60)],
        "crmlab.retention.lifetime_value": [[r(0, 1000), r(0, 1), r(0, 0.3), rng.choice([None, rng.randint(1, 60)]),
                                             rng.choice([0.0, 50.0])] for _ in range(80)],
        "crmlab.retention.retention_uplift": [[r(0, 0.95), r(0, 0.3), rng.choice([0.05, 0.1, -0.05]),
                                               rng.choice([None, rng.randint(1, 50)])] for _ in range(60)],
        "crmlab.retention.leaky_bucket": [[r(0, 10_000), r(0, 1000), r(0, 1), rng.randint(0, 50)] for _ in range(30)],
        "crmlab.retention.steady_state": [[r(0, 1000), r(0, 1, 0.2)] for _ in range(40)],
        "crmlab.retention.retention_for_uplift": [[r(0, 1.5), r(0, 0.2), rng.choice([0.05, 0.01, 0.1])]
                                                  for _ in range(60)],
        "crmlab.retention.margin_growth_for_uplift": [[r(0, 1.5), r(0, 0.99), r(0, 0.2), rng.choice([0.05, 0.1])]
                                                      for _ in range(60)],
        "crmlab.loyalty.loyalty_segment": [[series(), series(), r(1, 7), r(1, 7)] for _ in range(30)]
        + [[r(1, 10), r(1, 10), r(1, 10), r(1, 10)] for _ in range(30)],
        "crmlab.loyalty.defection_cost": [[r(0, 100_000), r(0, 1), r(0, 1), r(0, 5000)] for _ in range(40)],
    }


def test_every_port_gives_what_crmlab_gives():
    cases = port_cases(random.Random(7))
    assert set(cases) == set(_compile.ported_functions()), "a port without cases here, or cases without a port"
    calls = [(name, args) for name, arguments in cases.items() for args in arguments]
    got = node({"ports": [[name, _ir.to_plain(args)] for name, args in calls]})["ports"]
    problems, errors = [], 0
    for (name, args), browser in zip(calls, got):
        function = _ir.resolve(name)
        try:
            names = list(inspect.signature(function).parameters)  # as the program calls it: by name, in order
            python = _ir.to_plain(function(**dict(zip(names, args))))
        except (ValueError, TypeError) as error:
            errors += 1
            if browser.get("error") != [type(error).__name__, str(error)]:
                problems.append(f"{name}{tuple(args)}: crmlab raises {error!r}, the port gives {browser}")
            continue
        if "value" not in browser:
            problems.append(f"{name}{tuple(args)}: crmlab gives {python!r}, the port {browser}")
            continue
        problems += [f"{name}{tuple(args)} {d}" for d in close(python, browser["value"])]
    assert errors > 50, "the cases must try the ports' checks too"
    assert not problems, f"{len(problems)} of {len(calls)} calls differ:\n" + "\n".join(problems[:8])
