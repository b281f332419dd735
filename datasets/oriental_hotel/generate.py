"""Simulate a guest ledger of a luxury hotel run like the Oriental Hotel, Bangkok (东方饭店).

SIMULATED DATA: the hotel's ledger was never published; the course material
(seed 000_1b2a8a44f3b4245d.txt) tells one guest's story and gives no figures.
One row is one stay of one guest.

Calibration target (seed 000, the Oriental Hotel case):
    guest G0001 follows Mr Yu's (于先生) story: a first stay whose environment
    and service fit his needs (→ cognitive trust); a second stay where staff know
    his name, his usual seat and usual breakfast and bring a free side dish
    (personalised and timely service → affective trust); the hotel keeps in
    touch (a birthday postcard three years later) — his third stay, in year 5,
    is this simulation's continuation of the story (→ behavioural trust).
    The rule stay → level is crmlab.trust.trust_from_service (seeds 000, 001).

Assumptions (no source; change them and rerun):
    - 500 guests arriving in years 1–3, followed to year 6, at most one stay a year;
    - 40 % business guests (1–4 nights, about 300 US dollars a night),
      60 % leisure guests (2–7 nights, about 260 dollars a night), log-normal spread;
    - service at a first stay: fits the guest's needs with probability 0.85, timely
      (the right detail at the right moment) 0.5; at a repeat stay: personalised
      0.9, timely 0.75, the hotel kept in touch since the last stay 0.6;
    - the chance of coming back next year depends on the trust level the last stay
      built: none 0.10, cognitive 0.30, affective 0.55, behavioural 0.80;
    - profit = 30 % of spend minus the cost of the touches (15 dollars for
      personalisation, 10 for timely service, 5 for keeping in touch).
Run:  python datasets/oriental_hotel/generate.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab.data import write_csv
from crmlab.trust import trust_from_service

SEED = 1876  # any fixed number: the data are fully determined by it
GUESTS = 500
YEARS = 6
RETURN_CHANCE = {None: 0.10, "cognitive": 0.30, "affective": 0.55, "behavioural": 0.80}
MARGIN = 0.30
TOUCH_COST = {"personalised": 15.0, "timely": 10.0, "kept_in_touch": 5.0}
MR_YU = [  # (year, nights, nightly spend, personalised, timely, kept_in_touch), seed 000
    (1, 3, 320.0, True, False, False),
    (2, 3, 320.0, True, True, False),
    (5, 4, 320.0, True, True, True),
]


def _row(guest: str, stay: int, year: int, nights: int, nightly: float, personalised: bool, timely: bool,
         kept: bool) -> dict:
    spend = nights * nightly
    cost = (TOUCH_COST["personalised"] * personalised + TOUCH_COST["timely"] * timely
            + TOUCH_COST["kept_in_touch"] * kept)
    return {"guest_id": guest, "stay": stay, "year": year, "nights": nights, "spend_usd": round(spend, 2),
            "profit_usd": round(MARGIN * spend - cost, 2), "personalised": personalised, "timely": timely,
            "kept_in_touch": kept}


def simulate() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    rows = [_row("G0001", k + 1, *stay) for k, stay in enumerate(MR_YU)]
    for number in range(2, GUESTS + 1):
        guest = f"G{number:04d}"
        business = rng.random() < 0.4
        nightly_mean = 300.0 if business else 260.0
        year = int(rng.integers(1, 4))
        stay = 0
        while year <= YEARS:
            stay += 1
            first = stay == 1
            personalised = bool(rng.random() < (0.85 if first else 0.9))
            timely = bool(rng.random() < (0.5 if first else 0.75))
            kept = False if first else bool(rng.random() < 0.6)
            nights = int(rng.integers(1, 5)) if business else int(rng.integers(2, 8))
            nightly = float(nightly_mean * rng.lognormal(mean=-0.045, sigma=0.3))
            rows.append(_row(guest, stay, year, nights, nightly, personalised, timely, kept))
            level = trust_from_service(personalised, timely, kept)
            year += 1
            while year <= YEARS and rng.random() >= RETURN_CHANCE[level]:
                year += 1  # a year without a stay: try again next year, as if starting over
                level = None
    return pd.DataFrame(rows)


def main(output_dir: str | None = None) -> Path:
    folder = Path(output_dir) if output_dir else Path(__file__).resolve().parent
    return write_csv(simulate(), folder / "oriental_hotel.csv", float_format="%.2f")


if __name__ == "__main__":
    print(main(sys.argv[1] if len(sys.argv) > 1 else None))
