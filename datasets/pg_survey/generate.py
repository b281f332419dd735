"""Simulate a "listen to the consumer's voice" survey for a consumer-goods firm run on P&G's eight pillars.

SIMULATED DATA: the course material (seed 002_05a35a8caf031a41.txt) lists the
eight pillars of winning consumer loyalty that Charles Decker drew from
Procter & Gamble (宝洁) but gives no survey numbers. Each pillar is turned into
one survey attribute; each of 240 consumers rates every attribute three times
on SERVQUAL's 7-point scale (Parasuraman, Zeithaml & Berry 1988):
expectation E (what an excellent firm would do), perception P (what this
firm does) and importance I.

Calibration (structure, not numbers):
    - the eight pillars and their order: seed 002, slide "宝洁赢得顾客忠诚的八个支撑点";
    - the P − E gap model SQ_i = Σ_j W_j (P_ij − E_ij): seed 004 and Parasuraman et al. 1988;
    - 7-point scales for P, E and I: Parasuraman et al. 1988.
Assumptions (no source): the attribute means below are chosen so that every
quadrant of the importance–performance map is occupied, i.e. so that the
case has something to discuss; they say nothing about P&G.
Run:  python datasets/pg_survey/generate.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab.data import write_csv

SEED = 1837  # any fixed number: the data are fully determined by it
RESPONDENTS = 240
# attribute: (mean expectation, mean perception, mean importance), 7-point scales; assumptions
ATTRIBUTES = {
    "takes_me_seriously": (5.6, 4.9, 4.6),       # 1 trust consumers 相信消费者
    "honest_claims": (6.3, 5.2, 6.4),            # 2 never fool consumers 切勿愚弄消费者
    "value_for_money": (5.9, 5.3, 6.1),          # 3 the customer decides value 顾客决定价值
    "fits_my_needs": (5.8, 5.9, 5.9),            # 4 think as the customer thinks 想顾客之所想
    "after_sale_care": (5.7, 4.4, 5.5),          # 5 don't neglect customers after the sale 别因买卖成交而轻慢顾客
    "follows_consumer_wishes": (5.0, 5.4, 4.3),  # 6 the consumer is the boss 消费者是老板
    "safe_consistent": (6.6, 6.2, 6.7),          # 7 be responsible 必须对顾客负责
    "answers_feedback": (5.5, 4.5, 4.9),         # 8 listen to the consumer's voice 倾听顾客的声音
}


def _ratings(rng: np.random.Generator, means: np.ndarray, person: np.ndarray, spread: float) -> np.ndarray:
    """7-point ratings: attribute mean + a respondent's general leniency + noise, rounded and clipped to 1–7."""
    raw = means[None, :] + person[:, None] + rng.normal(0, spread, size=(len(person), len(means)))
    return np.clip(np.rint(raw), 1, 7).astype(int)


def simulate() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    means = np.array(list(ATTRIBUTES.values()))
    leniency = rng.normal(0, 0.5, size=RESPONDENTS)
    frame = pd.DataFrame({"respondent": [f"R{k:03d}" for k in range(1, RESPONDENTS + 1)]})
    for prefix, column, spread in (("E", 0, 0.7), ("P", 1, 0.9), ("I", 2, 0.7)):
        ratings = _ratings(rng, means[:, column], leniency, spread)
        for j, attribute in enumerate(ATTRIBUTES):
            frame[f"{prefix}_{attribute}"] = ratings[:, j]
    return frame


def main(output_dir: str | None = None) -> Path:
    folder = Path(output_dir) if output_dir else Path(__file__).resolve().parent
    return write_csv(simulate(), folder / "pg_survey.csv")


if __name__ == "__main__":
    print(main(sys.argv[1] if len(sys.argv) > 1 else None))
