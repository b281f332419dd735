"""crmlab: the formulas, data loaders, plots and widgets of the CRM Lab course.

Import the module named after the concept: ``crmlab.value``,
``crmlab.satisfaction``, ``crmlab.trust``, ``crmlab.loyalty``,
``crmlab.retention``.
"""

__version__ = "0.1.0"

from crmlab._lang import translate  # noqa: E402  a crmlab table as a Chinese page shows it

__all__ = ["translate"]
