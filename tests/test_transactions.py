"""Hand-worked tests of crmlab.transactions (repeat purchase, cohort retention, RFM)."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlab import transactions as tx


def _log(rows):
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "dollar_value"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


# Six customers, January–April 2024.
# A: Jan 3, Jan 3 (same day twice), Feb 14         → 2 purchase days, repeat
# B: Jan 20                                        → 1 day
# C: Feb 2, Apr 28                                 → 2 days, repeat after 86 days
# D: Feb 10, Mar 1, Mar 30                         → 3 days
# E: Mar 5                                         → 1 day
# F: Apr 1, Apr 1                                  → 1 day (two orders, one occasion)
LOG = _log([
    ("A", "2024-01-03", 10.0), ("A", "2024-01-03", 5.0), ("A", "2024-02-14", 20.0),
    ("B", "2024-01-20", 40.0),
    ("C", "2024-02-02", 15.0), ("C", "2024-04-28", 15.0),
    ("D", "2024-02-10", 10.0), ("D", "2024-03-01", 10.0), ("D", "2024-03-30", 10.0),
    ("E", "2024-03-05", 60.0),
    ("F", "2024-04-01", 7.0), ("F", "2024-04-01", 3.0),
])


def test_purchase_days_count_occasions_not_rows():
    assert tx.purchase_days(LOG).to_dict() == {"A": 2, "B": 1, "C": 2, "D": 3, "E": 1, "F": 1}


def test_repeat_rate():
    # A, C, D bought again on a later day; B, E, F did not: 3 / 6.
    assert tx.repeat_rate(LOG) == pytest.approx(0.5)
    # Within 45 days of the first purchase: A (42 days) and D (20 days) yes; C (86 days) no: 2 / 6.
    assert tx.repeat_rate(LOG, within_days=45) == pytest.approx(2 / 6)


def test_cohort_retention_shares_and_counts():
    # Monthly cohorts: Jan = {A, B}, Feb = {C, D}, Mar = {E}, Apr = {F}.
    # Jan cohort: Feb A (1 of 2), Mar none, Apr none.  Feb cohort: Mar D (1 of 2), Apr C (1 of 2).
    counts = tx.cohort_retention(LOG, counts=True)
    assert counts.loc[pd.Period("2024-01", "M")].tolist() == [2, 1, 0, 0]
    assert counts.loc[pd.Period("2024-02", "M")].tolist()[:3] == [2, 1, 1]
    shares = tx.cohort_retention(LOG)
    assert shares.loc[pd.Period("2024-01", "M")].tolist() == [1.0, 0.5, 0.0, 0.0]
    assert shares.loc[pd.Period("2024-02", "M")].tolist()[:3] == [1.0, 0.5, 0.5]
    # The April cohort has only its entry month observed: later cells are unknown, not zero.
    assert pd.isna(shares.loc[pd.Period("2024-04", "M"), 1])
    assert pd.isna(shares.loc[pd.Period("2024-03", "M"), 2]) and shares.loc[pd.Period("2024-03", "M"), 1] == 0


def test_cohort_retention_by_quarter():
    # Q1 cohort = A, B, C, D, E; in Q2 only C (Apr 28) buys: 1 / 5.
    shares = tx.cohort_retention(LOG, period="Q")
    assert shares.loc[pd.Period("2024Q1", "Q")].tolist() == [1.0, 0.2]


def test_active_retention_month_to_month():
    # Buyers: Jan {A, B}; Feb {A, C, D}; Mar {D, E}; Apr {C, F}.
    # Jan→Feb: A of {A, B} = 1/2; Feb→Mar: D of {A, C, D} = 1/3; Mar→Apr: none of {D, E} = 0.
    rates = tx.active_retention(LOG, period="M")
    assert rates.tolist() == pytest.approx([0.5, 1 / 3, 0.0])
    assert list(rates.index.astype(str)) == ["2024-01", "2024-02", "2024-03"]


def test_rfm_scores_by_hand():
    # as_of = 2024-05-01. Recency (days): A 77 (Feb 14), B 102, C 3, D 32, E 57, F 30.
    # Frequency: A 2, B 1, C 2, D 3, E 1, F 1.  Monetary: A 35, B 40, C 30, D 30, E 60, F 10.
    scores = tx.rfm_scores(LOG, as_of="2024-05-01", bins=3)
    assert scores["recency"].to_dict() == {"A": 77, "B": 102, "C": 3, "D": 32, "E": 57, "F": 30}
    assert scores["frequency"].to_dict() == {"A": 2, "B": 1, "C": 2, "D": 3, "E": 1, "F": 1}
    assert scores["monetary"].to_dict() == {"A": 35.0, "B": 40.0, "C": 30.0, "D": 30.0, "E": 60.0, "F": 10.0}
    # Score = 1 + floor(3 × share of the 6 customers with a worse value).
    # Recency worse = more days: C has 5 worse → 1+floor(2.5)=3; F 4 worse (1+2=3); D 3 worse (1+1.5→2);
    # E 2 worse (1+1=2); A 1 worse (1+0.5→1); B 0 worse → 1.
    assert scores["R"].to_dict() == {"A": 1, "B": 1, "C": 3, "D": 2, "E": 2, "F": 3}
    # Frequency: 1-day customers have 0 worse → 1; 2-day (A, C) have 3 worse → 1+1.5→2; D has 5 worse → 3.
    assert scores["F"].to_dict() == {"A": 2, "B": 1, "C": 2, "D": 3, "E": 1, "F": 1}
    # Monetary: F 10 → 0 worse → 1; C, D 30 → 1 worse → 1; A 35 → 3 worse → 2; B 40 → 4 worse → 3; E 60 → 3.
    assert scores["M"].to_dict() == {"A": 2, "B": 3, "C": 1, "D": 1, "E": 3, "F": 1}
    assert scores.loc["D", "rfm"] == "231"


def test_rfm_default_as_of_is_the_day_after_the_last_purchase():
    # Last purchase 2024-04-28 → as_of 2024-04-29: C's recency is 1 day.
    assert tx.rfm_scores(LOG).loc["C", "recency"] == 1


def test_rfm_segments_follow_the_rules_in_order():
    scores = pd.DataFrame({"R": [4, 2, 3, 5, 1, 3, 4], "F": [4, 4, 5, 1, 2, 3, 2]}, index=list("abcdefg"))
    # a: R4 F4 champions; b: R2 F4 at risk; c: F5 loyal; d: R5 F1 new; e: R1 F2 lost; f, g: others.
    assert tx.rfm_segment(scores).tolist() == ["champions", "at risk", "loyal", "new or one-off", "lost",
                                               "others", "others"]


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: tx.repeat_rate([1, 2]), TypeError, "transactions must be a pandas DataFrame"),
    (lambda: tx.repeat_rate(LOG.iloc[:0]), ValueError, "transactions is empty"),
    (lambda: tx.repeat_rate(LOG, customer="client"), ValueError, "customer='client' is not a column"),
    (lambda: tx.repeat_rate(LOG.assign(date="2024-01-01")), TypeError, "must hold dates"),
    (lambda: tx.repeat_rate(LOG, within_days=0), ValueError, "within_days must be in"),
    (lambda: tx.cohort_retention(LOG, period="fortnight"), ValueError, "period must be one of"),
    (lambda: tx.active_retention(LOG, period="Y"), ValueError, "only one period"),
    (lambda: tx.rfm_scores(LOG.assign(dollar_value=-1.0)), ValueError, "must be in \\[0, inf\\)"),
    (lambda: tx.rfm_scores(LOG, bins=1), ValueError, "bins must be a whole number ≥ 2"),
    (lambda: tx.rfm_scores(LOG, as_of="2024-01-01"), ValueError, "as_of must not be before"),
    (lambda: tx.rfm_scores(LOG, as_of=[1]), TypeError, "as_of must be a date"),
    (lambda: tx.rfm_segment(pd.DataFrame({"R": [6], "F": [1]})), ValueError, "must be in \\[1, 5\\]"),
    (lambda: tx.rfm_segment(pd.DataFrame({"R": [1]})), TypeError, "columns 'R' and 'F'"),
    (lambda: tx.purchase_days(LOG.assign(customer_id=[None] + ["A"] * 11)), ValueError, "missing value at row 0"),
])
def test_bad_input_is_refused_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()
