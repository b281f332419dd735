"""Customer trust (顾客信任): its three strengths and three levels (the student slides 《顾客信任》).

Strength (T3) says how a customer reacts when the firm breaks its word
(失信, a breach of trust):

- **weak** (弱式信任): recognition of and dependence on the firm are both very
  low; the customer may "betray" the firm at any time, so any breach sends
  them away.
- **semi-weak, semi-strong** (半弱式半强式信任; ``"semi-strong"`` for short in
  code): some recognition, some dependence, some switching cost; the customer
  stays as long as the breach does not exceed their tolerance ceiling (容忍上限).
- **strong** (强式信任): recognition is high; even after a breach the customer
  forgives the firm and stays.

Level (T4) says what the trust rests on: cognitive (认知信任, the offer fits
the customer's needs), affective (情感信任, lasting satisfaction and
preference; McAllister 1995) and behavioural (行为信任, the offer has become
indispensable: a long relationship and repeat purchase).

The breach rule is the slides' verbal rule made exact; breach severity and
tolerance are on a common 0–1 scale (0 = no breach, 1 = the worst imaginable).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlab import _checks

TRUST_STRENGTHS = ("weak", "semi-strong", "strong")
TRUST_STRENGTHS_ZH = {"weak": "弱式信任", "semi-strong": "半弱式半强式信任", "strong": "强式信任"}
TRUST_STRENGTH_NAMES = {"weak": "weak", "semi-strong": "semi-weak, semi-strong", "strong": "strong"}
"""The English name of each strength for readers: the code's ``"semi-strong"`` is short for 半弱式半强式信任."""
TRUST_LEVELS = ("cognitive", "affective", "behavioural")
TRUST_LEVELS_ZH = {"cognitive": "认知信任", "affective": "情感信任", "behavioural": "行为信任"}


def trust_strength(recognition: float, dependence: float, *, low: float = 1 / 3, high: float = 2 / 3) -> str:
    """Classify a customer's trust strength (T3) from recognition and dependence on a 0–1 scale.

    - ``"strong"`` when recognition ≥ ``high`` (the firm's reliability is highly recognised);
    - ``"weak"`` when both recognition and dependence are below ``low``;
    - ``"semi-strong"`` otherwise.

    The student slides describe the classes in words; the cut points are ours
    and can be changed. ``"semi-strong"`` names the middle class, semi-weak,
    semi-strong trust (半弱式半强式信任; :data:`TRUST_STRENGTH_NAMES`).

    >>> trust_strength(recognition=0.9, dependence=0.2)
    'strong'
    >>> trust_strength(recognition=0.2, dependence=0.1)
    'weak'
    >>> trust_strength(recognition=0.5, dependence=0.6)
    'semi-strong'
    """
    recognition = _checks.number("recognition", recognition, low=0, high=1)
    dependence = _checks.number("dependence", dependence, low=0, high=1)
    low = _checks.number("low", low, low=0, high=1)
    high = _checks.number("high", high, low=0, high=1)
    if low > high:
        raise ValueError(f"low must not exceed high, got low={low:g}, high={high:g}")
    if recognition >= high:
        return "strong"
    if recognition < low and dependence < low:
        return "weak"
    return "semi-strong"


def stays_after_breach(strength: str, breach: float, tolerance_ceiling: float = 0.5) -> bool:
    """Does a customer of this trust strength stay after a breach of trust (T3)?

    weak: stays only if there is no breach (breach = 0); semi-strong: stays
    while breach ≤ tolerance_ceiling; strong: forgives and stays.

    >>> stays_after_breach("weak", 0.1)
    False
    >>> stays_after_breach("semi-strong", 0.3, tolerance_ceiling=0.4)
    True
    >>> stays_after_breach("semi-strong", 0.5, tolerance_ceiling=0.4)
    False
    >>> stays_after_breach("strong", 0.9)
    True
    """
    _checks.choice("strength", strength, TRUST_STRENGTHS)
    breach = _checks.number("breach", breach, low=0, high=1)
    tolerance_ceiling = _checks.number("tolerance_ceiling", tolerance_ceiling, low=0, high=1)
    if strength == "weak":
        return breach == 0
    if strength == "semi-strong":
        return breach <= tolerance_ceiling
    return True


def share_retained(mix: Mapping[str, float], breach: float, tolerance_ceiling: float = 0.5) -> float:
    """Share of a customer base that stays after a breach, given its mix of trust strengths.

    ``mix`` maps strength → share of customers (shares ≥ 0, summing to 1).

    >>> share_retained({"weak": 0.5, "semi-strong": 0.3, "strong": 0.2}, breach=0.6,
    ...                tolerance_ceiling=0.7)
    0.5
    """
    if not isinstance(mix, Mapping) or not mix:
        raise TypeError(f"mix must be a mapping of trust strength -> share, got {mix!r}")
    shares = {_checks.choice("mix key", k, TRUST_STRENGTHS): _checks.number(f"mix[{k!r}]", v, low=0, high=1)
              for k, v in mix.items()}
    if abs(sum(shares.values()) - 1) > 1e-9:
        raise ValueError(f"mix shares must sum to 1, got {sum(shares.values()):g}")
    return sum(share for strength, share in shares.items()
               if stays_after_breach(strength, breach, tolerance_ceiling))


def trust_level(fits_needs: bool, lasting_satisfaction: bool, indispensable: bool) -> str | None:
    """The highest level of trust (T4) a customer has reached, or ``None``.

    Levels build on each other: cognitive trust needs an offer that fits the
    customer's needs; affective trust adds lasting satisfaction after use;
    behavioural trust adds that the offer has become indispensable.

    >>> trust_level(True, True, False)
    'affective'
    >>> trust_level(False, True, True) is None
    True
    """
    for name, flag in (("fits_needs", fits_needs), ("lasting_satisfaction", lasting_satisfaction),
                       ("indispensable", indispensable)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    reached = None
    for level, condition in zip(TRUST_LEVELS, (fits_needs, lasting_satisfaction, indispensable)):
        if not condition:
            break
        reached = level
    return reached


def trust_from_service(personalised: bool, timely: bool, adapts: bool) -> str | None:
    """Level of trust (T4) that a firm's service builds, by the rule of the trust slides and the essay (T9).

    The course material names personalisation and timely service as the two decisive
    factors: a personalised offer builds cognitive trust; personalised *and*
    timely service builds affective (emotional) trust; only when both keep
    adapting to the customer's changing needs does behavioural trust follow.
    This is :func:`trust_level` with the course material's conditions plugged in:
    ``trust_level(personalised, personalised and timely, personalised and timely and adapts)``.

    >>> trust_from_service(personalised=True, timely=False, adapts=False)
    'cognitive'
    >>> trust_from_service(personalised=True, timely=True, adapts=True)
    'behavioural'
    >>> trust_from_service(personalised=False, timely=True, adapts=True) is None
    True
    """
    for name, flag in (("personalised", personalised), ("timely", timely), ("adapts", adapts)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    return trust_level(personalised, personalised and timely, personalised and timely and adapts)


def sales_after_shock(baseline: float, retained: float, recovery_rate: float, periods: int) -> pd.DataFrame:
    """Sales period by period after a trust shock, as lost customers drift back (C-SH, T3, T7).

    In the shock period (t = 0) only the share ``retained`` of customers keeps
    buying (for example :func:`share_retained` of the trust mix); after that a
    share ``recovery_rate`` of the customers still missing comes back each
    period, so

    .. math::

        S_t = B \\, \\bigl[1 - (1 - \\rho)(1 - g)^t\\bigr], \\qquad t = 0, 1, \\dots, T

    with baseline sales B, retained share ρ and recovery rate g. Lost sales in
    period t are B − S_t. The geometric recovery is a modelling assumption of
    this course (the slides report the size of the shock, not its shape).

    >>> sales_after_shock(baseline=100, retained=0.5, recovery_rate=0.2, periods=2)
       period  sales  lost
    0       0   50.0  50.0
    1       1   60.0  40.0
    2       2   68.0  32.0
    """
    baseline = _checks.number("baseline", baseline, low=0)
    retained = _checks.number("retained", retained, low=0, high=1)
    recovery_rate = _checks.number("recovery_rate", recovery_rate, low=0, high=1)
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 0:
        raise ValueError(f"periods must be a whole number ≥ 0, got {periods!r}")
    t = np.arange(int(periods) + 1)
    sales = baseline * (1 - (1 - retained) * (1 - recovery_rate) ** t)
    return pd.DataFrame({"period": t, "sales": sales, "lost": baseline - sales})


def periods_to_recover(retained: float, recovery_rate: float, target: float = 0.9) -> float:
    """Periods after a trust shock until sales are back to ``target`` × baseline (see :func:`sales_after_shock`).

    The smallest whole t with 1 − (1 − ρ)(1 − g)^t ≥ target, that is
    t = ⌈ln((1 − target)/(1 − ρ)) / ln(1 − g)⌉; 0 if the shock never took sales
    below the target, ``inf`` if nobody comes back (g = 0).

    >>> periods_to_recover(retained=0.5, recovery_rate=0.2, target=0.9)
    8
    >>> periods_to_recover(retained=0.5, recovery_rate=0.0)
    inf
    """
    retained = _checks.number("retained", retained, low=0, high=1)
    recovery_rate = _checks.number("recovery_rate", recovery_rate, low=0, high=1)
    target = _checks.number("target", target, low=0, high=1, high_open=True)
    if retained >= target:
        return 0
    if recovery_rate == 0:
        return math.inf
    if recovery_rate == 1:
        return 1
    periods = math.log((1 - target) / (1 - retained)) / math.log(1 - recovery_rate)
    # guard against 7.999999 / 8.000001 float noise before rounding up
    return math.ceil(round(periods, 9))
