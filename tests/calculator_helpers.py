"""What the calculator tests share: every declared calculator with its pages' data, and positions to try."""

from __future__ import annotations

import random
import re

from crmlab import calculators, data


def instances(lang: str = "en") -> dict:
    """Every declared calculator by name, with the data its pages give it, in ``lang``."""
    found = {name: declaration(lang=lang) for name, declaration in calculators.REGISTRY.items()}
    found["guest_value"] = calculators.guest_value_calculator(
        data.load("oriental_hotel").groupby("guest_id")["profit_usd"].sum(), lang=lang)
    found["servqual_gap"] = calculators.servqual_gap_calculator(data.load("pg_survey"), pillars(lang), lang=lang)
    return found


def pillars(lang: str) -> dict:
    """The P&G pillars by attribute, named as the case's page in ``lang`` names them (from the data card)."""
    columns = data.card("pg_survey").columns
    named = {a.removeprefix("P_"): meta["meaning"].split("— pillar ")[1] for a, meta in columns.items()
             if a.startswith("P_")}
    pattern, name = (r" \(.*\)$", "") if lang == "en" else (r"^(\d+)\. .* \((.*)\)$", r"\1. \2")
    return {a: re.sub(pattern, name, text) for a, text in named.items()}


ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
NOT_ENGLISH = {"CLV", "CUSL", "Wi", "Fi", "SERVQUAL", "IPA"}  # CUSL1: a survey item
"""Names and codes a Chinese text keeps as they are."""


def english_words(text: str) -> set[str]:
    """The English words of a text meant to be Chinese."""
    return set(ENGLISH_WORD.findall(text)) - NOT_ENGLISH


def positions(calc, count: int = 40, seed: int = 0) -> list[dict]:
    """The starting values, each control at its ends and middle, and ``count`` random joint positions."""
    rng = random.Random(seed)
    out = [calc.values]
    for control in calc.controls:
        choices = control.positions()
        if choices is None:
            out += [{**calc.values, control.name: value} for value in (0.0, -5.0, 12_345.5)]
        else:
            out += [{**calc.values, control.name: choices[k]} for k in sorted({0, len(choices) - 1,
                                                                                len(choices) // 2})]
    for _ in range(count):
        out.append({c.name: rng.choice(c.positions()) if c.positions() else round(rng.uniform(-10, 5000), 2)
                    for c in calc.controls})
    return out


def positions_of(calc, values: dict) -> dict:
    """Each control's position (its index among the values it can take), for table lookups."""
    return {c.name: c.position(values[c.name]) for c in calc.controls if c.positions() is not None}
