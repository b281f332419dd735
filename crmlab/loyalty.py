"""Customer loyalty (客户忠诚): the Dick & Basu (1994) matrix (seed 002, L4).

Loyalty is both an attitude and a behaviour. Dick & Basu cross relative
attitude with repeat patronage: high–high is loyalty (忠诚), high attitude but
little repeat buying is latent loyalty (潜在忠诚), repeat buying without
attachment is spurious loyalty (虚假忠诚), and low–low is no loyalty (不忠诚).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmlab import _checks

LOYALTY_SEGMENTS = ("loyalty", "latent loyalty", "spurious loyalty", "no loyalty")
LOYALTY_SEGMENTS_ZH = {"loyalty": "忠诚", "latent loyalty": "潜在忠诚",
                       "spurious loyalty": "虚假忠诚", "no loyalty": "不忠诚"}


def loyalty_segment(attitude: Any, repeat: Any, attitude_cut: float, repeat_cut: float) -> Any:
    """Dick & Basu (1994) segment from relative attitude and repeat patronage.

    A value equal to its cut counts as high. Scalars give a string; arrays or
    Series (one entry per customer) give a Series of strings.

    >>> loyalty_segment(attitude=8, repeat=0.7, attitude_cut=6, repeat_cut=0.5)
    'loyalty'
    >>> loyalty_segment(8, 0.2, 6, 0.5), loyalty_segment(3, 0.9, 6, 0.5), loyalty_segment(3, 0.1, 6, 0.5)
    ('latent loyalty', 'spurious loyalty', 'no loyalty')
    """
    attitude = _checks.numbers("attitude", attitude)
    repeat = _checks.numbers("repeat", repeat)
    attitude_cut = _checks.number("attitude_cut", attitude_cut)
    repeat_cut = _checks.number("repeat_cut", repeat_cut)
    if np.ndim(attitude) != np.ndim(repeat) or (np.ndim(attitude) and len(attitude) != len(repeat)):
        raise ValueError("attitude and repeat must both be single numbers or have the same length")
    high_attitude = np.asarray(attitude) >= attitude_cut
    high_repeat = np.asarray(repeat) >= repeat_cut
    labels = np.select([high_attitude & high_repeat, high_attitude & ~high_repeat, ~high_attitude & high_repeat],
                       LOYALTY_SEGMENTS[:3], default=LOYALTY_SEGMENTS[3])
    if np.ndim(attitude) == 0:
        return str(labels)
    index = attitude.index if isinstance(attitude, pd.Series) else None
    return pd.Series(labels, index=index, name="segment")
