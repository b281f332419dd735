"""The course's data sets and their data cards, shipped inside the ``crmlab`` package as ``crmlab.datasets``.

Not code: one folder per data set (``card.md``, the CSV or where the real data comes from). Read them with
:func:`crmlab.data.load` and :func:`crmlab.data.card`.
"""
