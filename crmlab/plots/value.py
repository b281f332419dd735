"""Figures for customer value (顾客价值, the loyalty and satisfaction lectures).

- :func:`delivered_value_waterfall` builds Kotler's customer delivered value
  (V1) step by step: the four value components climb to total customer value,
  the four cost components come down from it, and the last bar is what is
  left, the delivered value that :func:`crmlab.value.delivered_value` computes.
- :func:`value_delivery_chain` draws a value delivery system (V2), by default
  the loyalty lecture 《客户忠诚管理》's Levi's chain, with orders flowing up and goods flowing down.
- :func:`target_cost_chart` shows price-first costing (V4, Marks & Spencer)
  with :func:`crmlab.value.target_cost`.
"""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, Patch

from crmlab import _checks, _lang
from crmlab._lang import term
from crmlab.plots import use_course_style
from crmlab.plots._axes import axes
from crmlab.value import COMPONENT_TERMS, COST_COMPONENTS, VALUE_COMPONENTS, delivered_value, target_cost

COMPONENT_LABELS = {
    "product": "product\n产品", "service": "service\n服务", "personnel": "personnel\n人员", "image": "image\n形象",
    "monetary": "money\n货币", "time": "time\n时间", "energy": "energy\n体力", "psychological": "psychic\n精神",
}
"""Short axis labels in English (with the Chinese word); in Chinese the axis shows each component's glossary term."""

TEXT = _lang.Messages(
    tcv={"en": "TCV\n总价值", "zh": "总价值\nTCV"},
    tcc={"en": "TCC\n总成本", "zh": "总成本\nTCC"},
    cdv={"en": "CDV\n让渡价值", "zh": "让渡价值\nCDV"},
    value_part={"en": "value component (价值)", "zh": "价值构成"},
    cost_part={"en": "cost component (成本)", "zh": "成本构成"},
    totals={"en": "total value TCV / total cost TCC", "zh": "总顾客价值 TCV / 总顾客成本 TCC"},
    delivered={"en": "delivered value CDV (让渡价值)", "zh": "顾客让渡价值 CDV"},
    amount={"en": "Amount (same unit for every component)", "zh": "数额（各构成使用同一单位）"},
    waterfall_title={"en": "Customer delivered value (顾客让渡价值): {tcv:g} − {tcc:g} = {cdv:g}",
                     "zh": "顾客让渡价值：{tcv:g} − {tcc:g} = {cdv:g}"},
    order={"en": "订货 order", "zh": "订货"},
    delivery={"en": "送货 delivery", "zh": "送货"},
    chain_title={"en": "A value delivery system (价值让渡系统): orders flow up, goods flow down",
                 "zh": "价值让渡系统：订单向上游传递，货物向下游流动"},
    target_cost={"en": "target cost (目标成本)", "zh": "目标成本"},
    margin={"en": "margin {margin:.0%} of price", "zh": "利润率：价格的 {margin:.0%}"},
    cost_today={"en": "cost today", "zh": "现有成本"},
    cut={"en": "cut {gap:g}", "zh": "需削减 {gap:g}"},
    room={"en": "room {gap:g}", "zh": "余量 {gap:g}"},
    price_top={"en": "price the customer\ncan pay: {price:g}", "zh": "顾客能接受的\n价格：{price:g}"},
    price_first={"en": "price first\n以价定本", "zh": "以价定本"},
    cost_today_tick={"en": "cost today\n现有成本", "zh": "现有成本"},
    per_unit={"en": "Per unit", "zh": "单位金额"},
    target_title={"en": "Setting cost from the price the customer can pay", "zh": "由顾客能接受的价格倒推成本"},
)
"""The figures' phrases in English and Chinese (component names are glossary terms)."""


def _component(name: str, lang: str) -> str:
    if lang == "en":
        return COMPONENT_LABELS[name]
    zh = term(COMPONENT_TERMS[name], lang)
    return f"{zh[:2]}\n{zh[2:]}"  # 产品价值 → 产品 / 价值: twelve bars share the axis


def delivered_value_waterfall(components: Mapping[str, float], ax: Axes | None = None,
                              title: str | None = None, lang: str = "en") -> Axes:
    """Waterfall from the eight components to customer delivered value.

    ``components`` maps each of :data:`crmlab.value.VALUE_COMPONENTS` and
    :data:`crmlab.value.COST_COMPONENTS` to an amount ≥ 0 (the keyword arguments
    of :func:`crmlab.value.delivered_value`, which checks them). Value steps are
    green, cost steps red, the totals (TCV, TCC) and the result (CDV) grey/blue.

    >>> ax = delivered_value_waterfall(dict(product=60, service=20, personnel=10, image=10,
    ...                                     monetary=50, time=10, energy=5, psychological=5))
    >>> float(ax.patches[-1].get_height())  # CDV = 100 − 70
    30.0
    """
    _lang.check(lang)
    if not isinstance(components, Mapping):
        raise TypeError(f"components must be a mapping of component name -> amount, got {type(components).__name__}")
    expected = VALUE_COMPONENTS + COST_COMPONENTS
    missing = [name for name in expected if name not in components]
    unknown = [name for name in components if name not in expected]
    if missing or unknown:
        raise ValueError(f"components must name exactly {list(expected)}; missing {missing}, unknown {unknown}")
    result = delivered_value(**components)
    use_course_style()
    ax = axes(ax)
    labels, bottoms, heights, colours = [], [], [], []
    level = 0.0
    for name in VALUE_COMPONENTS:
        labels.append(_component(name, lang))
        bottoms.append(level)
        heights.append(float(components[name]))
        colours.append("#5cb85c")
        level += float(components[name])
    labels.append(TEXT("tcv", lang))
    bottoms.append(0.0)
    heights.append(result.total_value)
    colours.append("#7f8c8d")
    for name in COST_COMPONENTS:
        level -= float(components[name])
        labels.append(_component(name, lang))
        bottoms.append(level)
        heights.append(float(components[name]))
        colours.append("#d9534f")
    labels.append(TEXT("tcc", lang))
    bottoms.append(0.0)
    heights.append(result.total_cost)
    colours.append("#7f8c8d")
    labels.append(TEXT("cdv", lang))
    bottoms.append(0.0)
    heights.append(result.delivered_value)
    colours.append("#2f6db5")
    positions = range(len(labels))
    ax.bar(positions, heights, bottom=bottoms, color=colours, edgecolor="#333", width=0.7)
    legend = {"#5cb85c": TEXT("value_part", lang), "#d9534f": TEXT("cost_part", lang),
              "#7f8c8d": TEXT("totals", lang), "#2f6db5": TEXT("delivered", lang)}
    ax.legend(handles=[Patch(facecolor=colour, edgecolor="#333", label=text) for colour, text in legend.items()],
              fontsize=8, loc="upper right", frameon=False)
    for x, bottom, height in zip(positions, bottoms, heights):
        ax.text(x, bottom + max(height, 0) + result.total_value * 0.015, f"{height:g}", ha="center", va="bottom",
                fontsize=9)
    ax.axhline(0, color="#333", lw=0.8)
    top = max(result.total_value, result.total_cost)
    ax.set_ylim(min(result.delivered_value, 0) * 1.2, top * 1.2 if top > 0 else 1)  # room for labels and legend
    ax.set_xticks(list(positions), labels, fontsize=9)
    ax.set_ylabel(TEXT("amount", lang))
    ax.set_title(title or TEXT("waterfall_title", lang, tcv=result.total_value, tcc=result.total_cost,
                                  cdv=result.delivered_value))
    return ax


LEVIS_CHAIN = (("DuPont", "fibre 纤维"), ("Milliken", "fabric 布料"), ("Levi's", "garments 服装"),
               ("Sears", "retail 零售"), ("Customer", "顾客"))
"""The course material 002's classic value delivery system: each stage and what it adds."""
LEVIS_CHAIN_ZH = (("DuPont", "纤维"), ("Milliken", "布料"), ("Levi's", "服装"), ("Sears", "零售"), ("顾客", ""))
"""The same chain as the Chinese edition shows it (firms by their names, roles in Chinese)."""


def value_delivery_chain(stages: tuple[tuple[str, str], ...] = LEVIS_CHAIN, ax: Axes | None = None,
                         lang: str = "en") -> Axes:
    """A value delivery system (价值让渡系统) as a chain: orders flow up it, goods flow down (V2).

    ``stages`` lists ``(name, role)`` pairs from the first supplier to the
    customer (default: the loyalty lecture 《客户忠诚管理》's Levi's chain). Orders (订货) are drawn as
    arrows above the boxes, pointing upstream; deliveries (送货) below, downstream.

    >>> ax = value_delivery_chain()
    >>> sorted({p.get_gid() for p in ax.patches})
    ['delivery', 'order']
    """
    _lang.check(lang)
    if not isinstance(stages, (tuple, list)) or len(stages) < 2:
        raise ValueError(f"stages must list at least two (name, role) pairs, got {stages!r}")
    for number, stage in enumerate(stages):
        if not (isinstance(stage, (tuple, list)) and len(stage) == 2 and all(isinstance(s, str) for s in stage)):
            raise TypeError(f"stages[{number}] must be a (name, role) pair of strings, got {stage!r}")
    if lang == "zh" and stages == LEVIS_CHAIN:
        stages = LEVIS_CHAIN_ZH
    use_course_style()
    ax = axes(ax)
    for x, (name, role) in enumerate(stages):
        last = x == len(stages) - 1
        ax.text(x, 0, f"{name}\n{role}".strip(), ha="center", va="center", fontsize=11, gid="stage",
                bbox={"boxstyle": "round,pad=0.6", "fc": "#ffe9a8" if last else "#eaf1fb", "ec": "#2f4b6e"})
    for x in range(len(stages) - 1):
        for y, start, end, gid, text in ((0.45, x + 1, x, "order", TEXT("order", lang)),
                                         (-0.45, x, x + 1, "delivery", TEXT("delivery", lang))):
            step = 0.3 if end > start else -0.3  # leave room for the boxes at both ends
            ax.add_patch(FancyArrowPatch((start + step, y), (end - step, y), arrowstyle="-|>",
                                         mutation_scale=14, color="#2f6db5" if gid == "order" else "#5cb85c",
                                         lw=1.5, gid=gid))
            ax.text(x + 0.5, y + (0.12 if y > 0 else -0.12), text, ha="center", va="bottom" if y > 0 else "top",
                    fontsize=9, color="#555")
    ax.set_xlim(-0.6, len(stages) - 0.4)
    ax.set_ylim(-0.9, 0.9)
    ax.set_axis_off()
    ax.set_title(TEXT("chain_title", lang))
    return ax


def target_cost_chart(price: float, margin: float, current_cost: float, ax: Axes | None = None,
                      lang: str = "en") -> Axes:
    """Price-first costing (V4): the affordable price split into target cost and margin, beside today's cost.

    The left bar is the price the target customer can pay, split by
    :func:`crmlab.value.target_cost` into allowable cost and the firm's margin;
    the right bar is what the product costs today. The gap between the two
    costs is what design, scale and efficiency must remove (Marks & Spencer,
    the satisfaction lecture 《顾客满意及其管理》).

    >>> ax = target_cost_chart(price=20, margin=0.25, current_cost=17)
    >>> [float(p.get_height()) for p in ax.patches]
    [15.0, 5.0, 17.0]
    """
    _lang.check(lang)
    allowable = target_cost(price, margin)
    current_cost = _checks.number("current_cost", current_cost, low=0)
    use_course_style()
    ax = axes(ax)
    ax.bar(0, allowable, color="#5b8fc7", edgecolor="#333", width=0.55, label=TEXT("target_cost", lang))
    ax.bar(0, price - allowable, bottom=allowable, color="#5cb85c", edgecolor="#333", width=0.55,
           label=TEXT("margin", lang, margin=margin))
    ax.bar(1, current_cost, color="#d9534f" if current_cost > allowable else "#5b8fc7", edgecolor="#333",
           width=0.55, label=TEXT("cost_today", lang))
    ax.axhline(allowable, color="#333", lw=1, ls="--")
    gap = current_cost - allowable
    ax.text(1, current_cost, TEXT("cut" if gap > 0 else "room", lang, gap=abs(gap)), ha="center", va="bottom",
            fontsize=10)
    ax.text(0, price, TEXT("price_top", lang, price=price), ha="center", va="bottom", fontsize=10)
    ax.set_xticks([0, 1], [TEXT("price_first", lang), TEXT("cost_today_tick", lang)])
    ax.set_ylim(0, max(price, current_cost) * 1.25)
    ax.set_ylabel(TEXT("per_unit", lang))
    ax.legend(fontsize=8, loc="upper right", frameon=False)
    ax.set_title(TEXT("target_title", lang))
    return ax
