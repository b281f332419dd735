"""The course's calculators, each declared once, live in the online book and in Jupyter.

A calculator is a compute function that calls crmlab, decorated with
:func:`calculator` to declare its controls (:class:`Slider`, :class:`Toggle`,
:class:`Choice`, :class:`Number`, each with a label carrying its glossary
term and unit), its result sentence (a template filled with the compute
function's named results) and, optionally, its chart. From that one
declaration come both forms, with the same controls, sentence and numbers:

- in Jupyter (JupyterLab, a hub, VS Code) the live ipywidgets form
  (:mod:`crmlab.widgets`), which runs the compute function in the kernel;
- in the online book, which has no kernel, the HTML form
  (:mod:`crmlab.calculators._html`): the compute function is compiled
  (:mod:`crmlab.calculators._compile`) into a small program that
  ``book/assets/static/crmlab-calculators.js`` runs in the reader's browser,
  calling the ports of crmlab's formulas in ``crmlab-formulas.js`` or tables
  of crmlab's own results computed when the page is built.

A page shows one with a single line, e.g. ``leaky_bucket_calculator()``
(keyword arguments set starting values: ``leaky_bucket_calculator(churn=10)``);
``lang="zh"`` takes the Chinese texts (glossary terms now, sentences as the
Chinese edition adds them). How to add one: ``docs/calculators.md``.

>>> calc = leaky_bucket_calculator(churn=10)
>>> calc.sentence().splitlines()[-1]
'It settles where inflow equals outflow: steady state = 100 / 10 % = 1,000 customers.'
>>> sorted(REGISTRY)[:3]
['complaint', 'defection', 'delivered_value']
"""

from crmlab.calculators._declare import (
    REGISTRY,
    Calculator,
    Choice,
    Declaration,
    Number,
    Outcome,
    Preset,
    Slider,
    Toggle,
    calculator,
)
from crmlab.calculators._format import fmt
from crmlab.calculators.cases import (
    guest_journey_calculator,
    guest_value_calculator,
    sales_recovery_calculator,
    servqual_gap_calculator,
)
from crmlab.calculators.loyalty import defection_calculator, loyalty_segments_calculator, retention_profit_calculator
from crmlab.calculators.relationship import complaint_calculator, leaky_bucket_calculator, lifetime_value_calculator
from crmlab.calculators.satisfaction import (
    ipa_calculator,
    satisfaction_calculator,
    servqual_calculator,
    word_of_mouth_calculator,
)
from crmlab.calculators.trust import trust_breach_calculator, trust_shock_calculator, trust_strength_calculator
from crmlab.calculators.value import delivered_value_calculator, target_cost_calculator

__all__ = [
    "REGISTRY", "Calculator", "Choice", "Declaration", "Number", "Outcome", "Preset", "Slider", "Toggle",
    "calculator", "fmt",
    "delivered_value_calculator", "target_cost_calculator",
    "satisfaction_calculator", "servqual_calculator", "ipa_calculator", "word_of_mouth_calculator",
    "trust_breach_calculator", "trust_strength_calculator",
    "loyalty_segments_calculator", "retention_profit_calculator", "defection_calculator",
    "lifetime_value_calculator", "leaky_bucket_calculator", "complaint_calculator",
    "guest_journey_calculator", "guest_value_calculator", "trust_shock_calculator", "sales_recovery_calculator",
    "servqual_gap_calculator",
]
