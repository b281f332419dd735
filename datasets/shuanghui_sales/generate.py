"""Simulate Shuanghui's weekly sales around the CCTV "3·15" clenbuterol exposé of 15 March 2011.

SIMULATED DATA: nobody published Shuanghui's weekly sales. The series is
built so that it reproduces the one sales figure the course material gives.

Calibration target (seed 000_1b2a8a44f3b4245d.txt, slide "案例二"):
    "从3月15日起到31日影响销售15亿多" — more than 1.5 billion yuan of sales
    affected from 15 to 31 March 2011 (17 days). We calibrate to exactly
    1,500 million yuan, the lower bound of "more than".
Not calibrated (a stock-market figure the sales series does not model):
    "市值蒸发掉了103个亿" — about 10.3 billion yuan of market value lost.

Assumptions (no source; change them and rerun):
    - sales without the crisis: 1,000 million yuan a week, flat (BASELINE_WEEK);
    - the trust mix of Shuanghui's customers and the breach: 45 % weak, 30 %
      semi-strong, 25 % strong trust; the exposé is a breach of severity 0.7
      against a tolerance ceiling of 0.6, so only strong-trust customers keep
      buying in the first days (crmlab.trust.share_retained → 0.25);
    - lost customers drift back at a constant daily rate g (crmlab.trust.
      sales_after_shock, one period = one day); g is solved by bisection so
      that the lost sales of days 0–16 (15–31 March) equal the target;
    - weekly noise: each week's sales are multiplied by 1 + N(0, 0.015).

Weeks start on Tuesdays so that week 0 begins on 15 March 2011.
Run:  python datasets/shuanghui_sales/generate.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab.data import write_csv
from crmlab.trust import sales_after_shock, share_retained

SEED = 20110315
BASELINE_WEEK = 1000.0  # million yuan per week without the crisis (assumption)
TARGET_LOST_MARCH = 1500.0  # million yuan lost 15–31 March (seed 000: "15亿多")
MARCH_DAYS = 17  # 15 to 31 March inclusive
MIX = {"weak": 0.45, "semi-strong": 0.30, "strong": 0.25}
BREACH, TOLERANCE = 0.7, 0.6
WEEKS_BEFORE, WEEKS_AFTER = 10, 26
SHOCK_DAY = pd.Timestamp("2011-03-15")


def lost_in_march(daily_recovery: float) -> float:
    """Sales lost 15–31 March (million yuan) for a given daily recovery rate."""
    retained = share_retained(MIX, BREACH, TOLERANCE)
    path = sales_after_shock(BASELINE_WEEK / 7, retained, daily_recovery, MARCH_DAYS - 1)
    return float(path["lost"].sum())


def calibrated_recovery() -> float:
    """The daily recovery rate g whose lost sales over 15–31 March equal the target (bisection)."""
    low, high = 0.0, 1.0  # lost_in_march falls as g rises
    for _ in range(200):
        middle = (low + high) / 2
        if lost_in_march(middle) > TARGET_LOST_MARCH:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def simulate() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    recovery = calibrated_recovery()
    retained = share_retained(MIX, BREACH, TOLERANCE)
    days_after = 7 * WEEKS_AFTER
    daily = sales_after_shock(BASELINE_WEEK / 7, retained, recovery, days_after - 1)["sales"].to_numpy()
    after = daily.reshape(WEEKS_AFTER, 7).sum(axis=1)
    model = np.concatenate([np.full(WEEKS_BEFORE, BASELINE_WEEK), after])
    weeks = np.arange(-WEEKS_BEFORE, WEEKS_AFTER)
    noise = 1 + rng.normal(0, 0.015, size=len(weeks))
    return pd.DataFrame({
        "week_start": [(SHOCK_DAY + pd.Timedelta(weeks=int(w))).strftime("%Y-%m-%d") for w in weeks],
        "week": weeks,
        "baseline_m": np.full(len(weeks), BASELINE_WEEK),
        "model_m": model.round(3),
        "sales_m": (model * noise).round(3),
    })


def main(output_dir: str | None = None) -> Path:
    folder = Path(output_dir) if output_dir else Path(__file__).resolve().parent
    return write_csv(simulate(), folder / "shuanghui_sales.csv", float_format="%.3f")


if __name__ == "__main__":
    print(main(sys.argv[1] if len(sys.argv) > 1 else None))
