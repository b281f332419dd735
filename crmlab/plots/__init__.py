"""Figures for the book and the cases, drawn from :mod:`crmlab`'s formulas.

One submodule per chapter topic (``crmlab.plots.satisfaction``, …). Every
plotting function takes an optional ``ax=`` and returns it, so a notebook can
compose figures. Importing this package sets a font that renders Chinese.
"""

from crmlab.plots._style import use_course_style

use_course_style()

__all__ = ["use_course_style"]
