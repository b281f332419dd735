"""Calculators of chapter 1, customer value: delivered value of two offers (V1), target costing (V4)."""

from __future__ import annotations

from crmlab import value
from crmlab._lang import term
from crmlab.calculators._chart import bars
from crmlab.calculators._declare import Slider, calculator

COMPONENT_TERMS = value.COMPONENT_TERMS
COMPONENTS = value.VALUE_COMPONENTS + value.COST_COMPONENTS
DEFAULT_OFFERS = {
    "A": dict(product=50, service=10, personnel=5, image=5, monetary=40, time=5, energy=5, psychological=0),
    "B": dict(product=55, service=20, personnel=5, image=10, monetary=50, time=5, energy=5, psychological=0),
}
"""Two illustrative offers (the example of :func:`crmlab.value.chosen_offer`), in value units."""

BARS = [(offer, part) for offer in DEFAULT_OFFERS for part in COMPONENTS]


@calculator(
    title={"en": "Which offer does the customer choose?", "zh": "顾客会选择哪个方案？"},
    term="customer delivered value (CDV)", columns=2,
    controls=tuple(Slider(f"{offer.lower()}_{part}", {"en": f"Offer {offer}: {COMPONENT_TERMS[part]}",
                                                      "zh": f"方案 {offer}：{term(COMPONENT_TERMS[part], 'zh')}"},
                          {"en": "units", "zh": "单位"},
                          0, 100, 1, DEFAULT_OFFERS[offer][part], term=COMPONENT_TERMS[part])
                   for part in COMPONENTS for offer in DEFAULT_OFFERS),
    template={"en": "{tie, select, true {Both offers deliver {a.delivered_value:,.0f} units of value: the customer has "
                    "no "
             "reason to switch and stays with A.} other {Offer {chosen} delivers {lead:,.0f} more units of value "
             "({best:,.0f} vs {other:,.0f}): the customer chooses {chosen}.}}\n"
             "Delivered value = total value − total cost: A {a.total_value:,.0f} − {a.total_cost:,.0f} = "
             "{a.delivered_value:,.0f}, B {b.total_value:,.0f} − {b.total_cost:,.0f} = {b.delivered_value:,.0f}.\n"
             "Value/cost ratio: A {a.value_ratio:,.2f}, B {b.value_ratio:,.2f}.",
              "zh": "{tie, select, true {两个方案的让渡价值都是 {a.delivered_value:,.0f} 个单位：顾客没有理由转换，"
                    "留在 A。} other {方案 {chosen} 的让渡价值多 {lead:,.0f} 个单位（{best:,.0f} 对 {other:,.0f}）："
                    "顾客选择 {chosen}。}}\n"
                    "让渡价值 = 总顾客价值 − 总顾客成本：A {a.total_value:,.0f} − {a.total_cost:,.0f} = "
                    "{a.delivered_value:,.0f}，B {b.total_value:,.0f} − {b.total_cost:,.0f} = {b.delivered_value:,.0f"
                    "}。\n"
                    "价值与成本之比：A {a.value_ratio:,.2f}，B {b.value_ratio:,.2f}。"},
    chart=bars("bars", x="amount", y="row", color="component", domain=COMPONENTS,
               x_title={"en": "value units", "zh": "价值单位"}, color_title={"en": "component", "zh": "构成"},
               height=150, labels={**{part: f"{part} value" for part in value.VALUE_COMPONENTS},
                                   **{part: f"{part} cost" for part in value.COST_COMPONENTS},
                                   "psychological": "psychic cost",
                                   "{}: value": {"zh": "{}：价值"},
                                   "{}: cost": {"zh": "{}：成本"},
                                   "row": {"en": "offer", "zh": "方案"},
                                   "component": {"zh": "构成"}}),
    description={"en": "Stacked bars of the four value components and the four cost components of offers A and B.",
                 "zh": "方案 A 和方案 B 的四项价值构成和四项成本构成的堆积条形图。"},
)
def delivered_value_calculator(**amounts):
    """Two competing offers, each with four value and four cost components (V1; sliders 0–100 value units).

    The customer chooses the offer with the higher delivered value
    (:func:`crmlab.value.chosen_offer`; a tie stays with A).

    >>> print(delivered_value_calculator().sentence())
    Offer B delivers 10 more units of value (30 vs 20): the customer chooses B.
    Delivered value = total value − total cost: A 70 − 50 = 20, B 90 − 60 = 30.
    Value/cost ratio: A 1.40, B 1.50.
    """
    offers = {name: value.delivered_value(**{part: amounts[f"{name.lower()}_{part}"] for part in COMPONENTS})
              for name in DEFAULT_OFFERS}
    chosen = value.chosen_offer(offers)
    a, b = offers["A"], offers["B"]
    best, other = (a, b) if chosen == "A" else (b, a)
    return {"a": a, "b": b, "chosen": chosen, "tie": a.delivered_value == b.delivered_value,
            "lead": best.delivered_value - other.delivered_value, "best": best.delivered_value,
            "other": other.delivered_value,
            "bars": [{"row": f"{name}: {'value' if part in value.VALUE_COMPONENTS else 'cost'}", "component": part,
                      "amount": amounts[f"{name.lower()}_{part}"]} for name, part in BARS]}


@calculator(
    title={"en": "Target costing: what may the product cost?", "zh": "目标成本法：产品最多可以花多少成本？"},
    term="target costing",
    controls=(Slider("price", {"en": "Price the target customer can pay", "zh": "目标顾客能接受的价格"},
                     {"en": "money units", "zh": "货币单位"}, 0, 100, 1, 20),
              Slider("margin", {"en": "Required margin", "zh": "要求的利润率"}, {"en": "% of the price", "zh": "占价格"
                                                                                                         "的 %"},
                     0, 90, 1, 25),
              Slider("cost_now", {"en": "Cost of making it today", "zh": "现有生产成本"},
                     {"en": "money units", "zh": "货币单位"}, 0, 100, 0.5, 17)),
    template={"en": "At a price of {price:,.2f} and a required margin of {margin:.0f} % the product may cost at most "
             "{target:,.2f} (C = P (1 − m)).\n{gap, select, =0 {Today's cost is exactly the target cost.} other "
             "{{over, select, true {Today's cost of {cost_now:,.2f} is {gap:,.2f} above it: the firm must remove "
             "the gap by design, scale or efficiency before it sells.} other {Today's cost of {cost_now:,.2f} is "
             "{saving:,.2f} below it: the firm earns more than its margin.}}}}\n{price, select, =0 {A product the "
             "customer cannot pay for earns nothing.} other {At today's cost the firm would earn {earned:.0f} % of "
             "the price instead of {margin:.0f} %.}}",
              "zh": "价格为 {price:,.2f}、要求的利润率为 {margin:.0f}% 时，产品成本最多为 {target:,.2f}（C = P (1 − m"
                    ")）。\n"
                    "{gap, select, =0 {现有成本正好等于目标成本。} other {{over, select, true {现有成本 {cost_now:,.2f}"
                    " "
                    "比它高 {gap:,.2f}：企业必须在销售之前通过设计、规模或效率消除这一差距。} other {现有成本 "
                    "{cost_now:,.2f} 比它低 {saving:,.2f}：企业赚得比要求的利润更多。}}}}\n{price, select, =0 "
                    "{顾客付不起钱的产品什么也赚不到。} other {按现有成本，企业只能赚到价格的 {earned:.0f}%，而不是 "
                    "{margin:.0f}%。}}"},
    chart=bars("bars", x="bar", y="amount", color="part", domain=("target cost", "margin", "cost today"),
               horizontal=False, y_title={"en": "money units", "zh": "货币单位"}, height=200,
               labels={"price": {"zh": "价格"}, "cost today": {"zh": "现有成本"},
                       "target cost": {"zh": "目标成本"},
                       "margin": {"zh": "利润"}, "part": {"zh": "构成"},
                       "bar": {"zh": "条"}}),
    description={"en": "Bars of the price split into target cost and margin, beside today's cost.",
                 "zh": "价格分为目标成本和利润的条形图，旁边是现有成本。"},
)
def target_cost_calculator(price, margin, cost_now):
    """Price-first costing (V4, Marks & Spencer): the most a product may cost, and the gap to today's cost.

    >>> print(target_cost_calculator().sentence())
    At a price of 20.00 and a required margin of 25 % the product may cost at most 15.00 (C = P (1 − m)).
    Today's cost of 17.00 is 2.00 above it: the firm must remove the gap by design, scale or efficiency before it sells.
    At today's cost the firm would earn 15 % of the price instead of 25 %.
    """
    target = value.target_cost(price, margin / 100)
    gap = cost_now - target
    return {"target": target, "gap": gap, "over": gap > 0, "saving": -gap,
            "earned": 100 * (price - cost_now) / price if price > 0 else 0.0,
            "bars": [{"bar": "price", "part": "target cost", "amount": target},
                     {"bar": "price", "part": "margin", "amount": price - target},
                     {"bar": "cost today", "part": "cost today", "amount": cost_now}]}
