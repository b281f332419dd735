"""The course's matplotlib style: readable sizes and a font family that renders Chinese.

Debian's ``fonts-noto-cjk`` (installed by ``make``) provides "Noto Sans CJK SC";
if it is missing, matplotlib falls back to DejaVu Sans and warns about each
missing glyph, which the book build (``-W``) turns into an error, so a missing
font cannot slip through unnoticed.
"""

from __future__ import annotations

import matplotlib as mpl
from matplotlib import font_manager

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei")


def cjk_font() -> str | None:
    """Name of the first installed font that has Chinese glyphs, or None."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def use_course_style() -> None:
    """Apply the course style to matplotlib (idempotent)."""
    font = cjk_font()
    mpl.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": ([font] if font else []) + ["DejaVu Sans"],
        "axes.unicode_minus": False,
        "figure.figsize": (7, 4.5),
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 13,
        "axes.labelsize": 11,
        "figure.constrained_layout.use": True,
    })
