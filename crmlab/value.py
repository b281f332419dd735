"""Customer delivered value (顾客让渡价值), after Kotler.

A customer weighs everything an offer gives (product, service, personnel and
image value) against everything it costs (monetary, time, energy and psychic
cost) and buys from the firm that delivers the most value. The course material 002 and 004
state the difference form; the ratio form is Kotler's too (syllabus V1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from crmlab import _checks

VALUE_COMPONENTS = ("product", "service", "personnel", "image")
COST_COMPONENTS = ("monetary", "time", "energy", "psychological")
COMPONENT_TERMS = {"product": "product value", "service": "service value", "personnel": "personnel value",
                   "image": "image value", "monetary": "monetary cost", "time": "time cost", "energy": "energy cost",
                   "psychological": "psychic cost"}
"""Each component's glossary term (Kotler's names; ``psychological`` is his psychic cost)."""


@dataclass(frozen=True)
class DeliveredValue:
    """The result of :func:`delivered_value`."""

    total_value: float
    total_cost: float
    delivered_value: float
    value_ratio: float


def delivered_value(*, product: float, service: float, personnel: float, image: float,
                    monetary: float, time: float, energy: float, psychological: float) -> DeliveredValue:
    """Customer delivered value = total customer value − total customer cost.

    .. math::

        TCV = V_{product} + V_{service} + V_{personnel} + V_{image}, \\quad
        TCC = C_{monetary} + C_{time} + C_{energy} + C_{psychic}

        CDV = TCV - TCC, \\qquad \\text{ratio} = TCV / TCC

    All eight components are in the same unit (for example yuan, or points on a
    common scale) and must be ≥ 0. When the total cost is 0 the ratio is
    ``inf``. Source: Kotler, *Marketing Management* (the loyalty and satisfaction lectures).

    >>> offer = delivered_value(product=60, service=20, personnel=10, image=10,
    ...                         monetary=50, time=10, energy=5, psychological=5)
    >>> offer.total_value, offer.total_cost, offer.delivered_value
    (100.0, 70.0, 30.0)
    >>> round(offer.value_ratio, 3)
    1.429
    """
    values = {name: _checks.number(name, amount, low=0) for name, amount in
              zip(VALUE_COMPONENTS, (product, service, personnel, image))}
    costs = {name: _checks.number(name, amount, low=0) for name, amount in
             zip(COST_COMPONENTS, (monetary, time, energy, psychological))}
    total_value = sum(values.values())
    total_cost = sum(costs.values())
    ratio = total_value / total_cost if total_cost > 0 else float("inf")
    return DeliveredValue(total_value, total_cost, total_value - total_cost, ratio)


def chosen_offer(offers: Mapping[str, DeliveredValue]) -> str:
    """Name of the offer a value-maximising customer chooses (highest delivered value).

    Ties go to the offer listed first, since a customer has no reason to switch.

    >>> a = delivered_value(product=50, service=10, personnel=5, image=5,
    ...                     monetary=40, time=5, energy=5, psychological=0)
    >>> b = delivered_value(product=55, service=20, personnel=5, image=10,
    ...                     monetary=50, time=5, energy=5, psychological=0)
    >>> chosen_offer({"A": a, "B": b})
    'B'
    """
    if not isinstance(offers, Mapping) or not offers:
        raise ValueError(f"offers must be a non-empty mapping of name -> DeliveredValue, got {offers!r}")
    for name, offer in offers.items():
        if not isinstance(offer, DeliveredValue):
            raise TypeError(f"offers[{name!r}] must be a DeliveredValue (from delivered_value), "
                            f"got {type(offer).__name__}")
    return max(offers, key=lambda name: offers[name].delivered_value)


def customer_value(benefits: float, costs: float) -> float:
    """Customer value in the customer's eyes = perceived benefits − perceived costs (the satisfaction lecture, V3).

    >>> customer_value(benefits=120, costs=90)
    30.0
    """
    return _checks.number("benefits", benefits, low=0) - _checks.number("costs", costs, low=0)


def target_cost(price: float, margin: float) -> float:
    """Allowable cost when the price is set first by what the customer can pay (V4, Marks & Spencer).

    .. math:: C_{target} = P \\,(1 - m)

    where P is the price the target customer can afford and m the firm's
    required margin as a share of price. The course material 004 says Marks & Spencer set
    "production cost from the price the customer can accept, not the reverse";
    the formula is standard target costing (an *addition*).

    >>> target_cost(price=200, margin=0.25)
    150.0
    """
    price = _checks.number("price", price, low=0)
    margin = _checks.number("margin", margin, low=0, high=1, high_open=True)
    return price * (1 - margin)


def compare_offers(offers: Mapping[str, DeliveredValue]) -> pd.DataFrame:
    """One row per offer: total value, total cost, delivered value, ratio, and which one the customer chooses.

    The ``chosen`` column marks the offer :func:`chosen_offer` picks (highest
    delivered value, first listed on a tie), so a table and the choice rule
    cannot disagree.

    >>> a = delivered_value(product=50, service=10, personnel=5, image=5,
    ...                     monetary=40, time=5, energy=5, psychological=0)
    >>> b = delivered_value(product=55, service=20, personnel=5, image=10,
    ...                     monetary=50, time=5, energy=5, psychological=0)
    >>> compare_offers({"A": a, "B": b})["delivered value (CDV)"].tolist()
    [20.0, 30.0]
    >>> compare_offers({"A": a, "B": b})["chosen"].tolist()
    [False, True]
    """
    winner = chosen_offer(offers)
    rows = {name: {"total value (TCV)": offer.total_value, "total cost (TCC)": offer.total_cost,
                   "delivered value (CDV)": offer.delivered_value, "ratio (TCV/TCC)": offer.value_ratio,
                   "chosen": name == winner} for name, offer in offers.items()}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("offer")
