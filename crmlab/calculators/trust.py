"""Calculators of chapter 3, trust: who stays after a breach of trust (T3), the strength matrix (T3)."""

from __future__ import annotations

from crmlab import trust
from crmlab._lang import table_word
from crmlab.calculators._chart import bars, layer, points
from crmlab.calculators._declare import Slider, calculator
from crmlab.calculators._text import source

GRID = [(r, d) for r in range(11) for d in range(11)]
"""The points of the recognition × dependence square the strength chart colours."""


@calculator(
    title={"en": "Trust strength and a breach of trust: who stays?", "zh": "信任强度与失信：谁会留下？"},
    term="breach of trust",
    controls=(Slider("breach", {"en": "Severity of the breach of trust", "zh": "失信的严重程度"},
                     {"en": "0 = none, 1 = the worst", "zh": "0 = 无，1 = 最严重"}, 0, 1, 0.05, 0.4),
              Slider("tolerance", {"en": "Tolerance ceiling of semi-strong customers",
                                   "zh": "半强式信任顾客的容忍上限"},
                     "0–1", 0, 1, 0.05, 0.5, term="tolerance ceiling"),
              Slider("weak", {"en": "Customers with weak trust", "zh": "弱式信任的顾客"},
                     {"en": "% of the customer base", "zh": "占顾客总数的 %"}, 0, 100, 5, 50, term="weak trust"),
              Slider("strong", {"en": "Customers with strong trust", "zh": "强式信任的顾客"},
                     {"en": "% of the customer base", "zh": "占顾客总数的 %"}, 0, 100, 5, 20, term="strong trust")),
    template={"en": "A breach of severity {breach:.2f} against a tolerance ceiling of {tolerance:.2f}:\n"
             "weak trust {weak_stays, select, true {stays} other {leaves}}, semi-strong trust {semi_stays, select, "
             "true {stays} other {leaves}}, strong trust {strong_stays, select, true {stays} other {leaves}}.\n"
             "{kept:.0f} % of these customers stay, {lost:.0f} % defect (of weak {weak} %, semi-strong {semi} %, "
             "strong {strong} %).",
              "zh": "严重程度为 {breach:.2f} 的失信，容忍上限为 {tolerance:.2f}：\n"
                    "弱式信任{weak_stays, select, true {留下} other {离开}}，半弱式半强式信任{semi_stays, select, "
                    "true {留下} other {离开}}，强式信任{strong_stays, select, true {留下} other {离开}}。\n"
                    "这些顾客中 {kept:.0f}% 留下，{lost:.0f}% 流失（弱式 {weak}%，半强式 {semi}%，强式 {strong}%）。"},
    chart=bars("bars", x="share", y="strength", color="after the breach", domain=("stays", "leaves"),
               colors=("#2e7d32", "#c62828"), x_title={"en": "share of the customer base (%)", "zh": "占顾客总数的比例"
                                                                                                     "（%）"},
               fmt=".0f", height=130, labels={"stays": {"zh": "留下"},
                                              "leaves": {"zh": "离开"},
                                              **{strength: {"zh": trust.TRUST_STRENGTHS_ZH[strength]}
                                                 for strength in trust.TRUST_STRENGTHS},
                                              "strength": table_word("strength"),
                                              "after the breach": {"zh": "失信之后"}},
               color_title={"en": "after the breach", "zh": "失信之后"}),
    messages={"the shares of weak ({} %) and strong ({} %) trust add up to more than 100 %: lower one of them": {
        "zh": "弱式信任（{}%）与强式信任（{}%）的比例合计超过 100%：请调低其中一项"}},
    description={"en": "Bar chart of the customer base by trust strength, each bar coloured by whether those "
                       "customers stay after the breach.",
                 "zh": "按信任强度划分的顾客条形图，颜色表示这些顾客失信后是否留下。"},
)
def trust_breach_calculator(breach, tolerance, weak, strong):
    """Trust strength and a breach of trust (T3): who stays at which severity and tolerance ceiling.

    The rest of the customer base (100 % − weak − strong) has semi-strong
    trust. Who stays: :func:`crmlab.trust.stays_after_breach`; the share:
    :func:`crmlab.trust.share_retained`.

    >>> print(trust_breach_calculator().sentence().splitlines()[2])
    50 % of these customers stay, 50 % defect (of weak 50 %, semi-strong 30 %, strong 20 %).
    """
    if weak + strong > 100:
        raise ValueError(f"the shares of weak ({weak} %) and strong ({strong} %) trust add up to more than 100 %: "
                         "lower one of them")
    semi = 100 - weak - strong
    mix = {"weak": weak / 100, "semi-strong": semi / 100, "strong": strong / 100}
    kept = trust.share_retained(mix, breach, tolerance)
    stays = {s: trust.stays_after_breach(s, breach, tolerance) for s in trust.TRUST_STRENGTHS}
    return {"semi": semi, "kept": 100 * kept, "lost": 100 - 100 * kept, "weak_stays": stays["weak"],
            "semi_stays": stays["semi-strong"], "strong_stays": stays["strong"],
            "bars": [{"strength": s, "share": 100 * mix[s], "after the breach": "stays" if stays[s] else "leaves"}
                     for s in trust.TRUST_STRENGTHS]}


trust_shock_calculator = trust_breach_calculator.preset("trust_shock_calculator", weak=45, strong=25, breach=0.7,
                                                        tolerance=0.6)
"""The Shuanghui case's setting: the simulated series assumes 45 % weak, 30 % semi-strong and 25 % strong trust, a
breach of 0.7 against a ceiling of 0.6 (datasets/shuanghui_sales/card.md)."""


@calculator(
    title={"en": "The trust strength matrix: recognition and dependence", "zh": "信任强度矩阵：认同度与依赖性"},
    term="customer trust",
    controls=(Slider("recognition", {"en": "Recognition of the firm's reliability", "zh": "对企业可靠性的认同度"},
                     "0–1", 0, 1, 0.05, 0.5),
              Slider("dependence", {"en": "Dependence on the firm", "zh": "对企业的依赖性"}, "0–1", 0, 1, 0.05, 0.6)),
    template={"en": "Recognition {recognition:.2f} and dependence {dependence:.2f}: {strength~}.\n"
             "Strong trust needs recognition of at least {high:.2f}; weak trust is recognition and dependence both "
             "below {low:.2f} (cut points of crmlab.trust.trust_strength; " + source("trust slides") + " describes "
             "the classes in words).\n{strength, select, weak {Any breach of trust sends this customer away.} "
             "semi-strong {This customer stays through a breach up to their tolerance ceiling.} other {This "
             "customer forgives a breach and stays.}}",
              "zh": "认同度 {recognition:.2f}，依赖性 {dependence:.2f}：{strength~}。\n"
                    "强式信任要求认同度至少为 {high:.2f}；弱式信任是认同度和依赖性都低于 {low:.2f}（crmlab.trust."
                    "trust_strength 的分界点；" + source("trust slides", "zh") + "只用文字描述了这几类）。\n"
                    "{strength, select, weak {任何失信都会让这位顾客离开。} semi-strong {这位顾客在容忍上限以内会"
                    "经受住失信而留下。} other {这位顾客会原谅失信并留下。}}"},
    terms=trust.TRUST_STRENGTHS,
    chart=layer(points("regions", x="recognition", y="dependence", color="strength", domain=trust.TRUST_STRENGTHS,
                       colors=("#ef9a9a", "#fff59d", "#a5d6a7"), size=60, x_domain=(0, 1), y_domain=(0, 1),
                       x_title={"en": "recognition", "zh": "认同度"}, y_title={"en": "dependence", "zh": "依赖性"},
                       height=260),
                points("point", x="recognition", y="dependence", label="label", size=160)).named({
        "this customer": {"zh": "这位顾客"}, "label": {"zh": "标记"},
        "recognition": {"zh": "认同度"}, "dependence": {"zh": "依赖性"},
        "strength": table_word("strength")}),
    description={"en": "The recognition × dependence square split into the weak, semi-strong and strong regions, "
                       "with the customer marked.",
                 "zh": "认同度 × 依赖性的方格分为弱式、半强式和强式三个区域，并标出这位顾客。"},
)
def trust_strength_calculator(recognition, dependence):
    """Where a customer sits in the trust strength matrix (T3), and what a breach of trust does to them.

    >>> print(trust_strength_calculator().sentence().splitlines()[0])
    Recognition 0.50 and dependence 0.60: semi-strong (半弱式半强式信任).
    """
    low, high = 1 / 3, 2 / 3
    strength = trust.trust_strength(recognition, dependence, low=low, high=high)
    return {"strength": strength, "low": low, "high": high,
            "point": [{"recognition": recognition, "dependence": dependence, "label": "this customer"}],
            "regions": [{"recognition": r / 10, "dependence": d / 10,
                         "strength": trust.trust_strength(r / 10, d / 10, low=low, high=high)}
                        for r, d in GRID]}
