"""crmlab: the formulas, data loaders, plots and widgets of the CRM Lab course.

Import the module named after the concept: ``crmlab.value``,
``crmlab.satisfaction``, ``crmlab.trust``, ``crmlab.loyalty``,
``crmlab.retention``.
"""

__version__ = "0.1.0"
