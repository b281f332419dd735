"""Input checks shared by every public function of :mod:`crmlab`.

Each check raises ``TypeError`` or ``ValueError`` with a message that names the
argument, the value received and what was expected, so that a student reading
the error knows what to change (scikit-learn's convention).
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd


def number(name: str, value: Any, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False) -> float:
    """Return ``value`` as a float after checking it is a finite real number in range.

    ``low``/``high`` are inclusive bounds unless ``low_open``/``high_open``.
    """
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} must be a number, got NaN")
    if math.isinf(value):
        raise ValueError(f"{name} must be finite, got {value}")
    _check_range(name, np.asarray([value]), low, high, low_open, high_open, shown=value)
    return value


def numbers(name: str, value: Any, *, low: float | None = None, high: float | None = None,
            low_open: bool = False, high_open: bool = False) -> Any:
    """Check a scalar, NumPy array or pandas Series of real numbers; return it unchanged in kind.

    Scalars come back as float, arrays as float arrays, Series as float Series.
    """
    if np.isscalar(value) or isinstance(value, (Real, np.number)):
        return number(name, value, low=low, high=high, low_open=low_open, high_open=high_open)
    if isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a number, a 1-D array or a Series, got a DataFrame")
    if isinstance(value, pd.Series):
        data = value
    else:
        data = np.asarray(value)
        if data.ndim != 1:
            raise TypeError(f"{name} must be a number, a 1-D array or a Series, "
                            f"got an array of shape {data.shape}")
    try:
        as_float = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must contain real numbers only, got {list(data)[:5]!r}") from None
    if as_float.size == 0:
        raise ValueError(f"{name} is empty: give at least one value")
    bad = np.flatnonzero(~np.isfinite(as_float))
    if bad.size:
        position = bad[0]
        label = data.index[position] if isinstance(data, pd.Series) else int(position)
        raise ValueError(f"{name} must be finite numbers, got {as_float[position]} at {label!r}")
    _check_range(name, as_float, low, high, low_open, high_open)
    if isinstance(data, pd.Series):
        return pd.Series(as_float, index=data.index, name=data.name)
    return as_float


def _check_range(name: str, values: np.ndarray, low, high, low_open, high_open, shown=None) -> None:
    too_low = values <= low if (low is not None and low_open) else (values < low if low is not None else None)
    too_high = values >= high if (high is not None and high_open) else (values > high if high is not None else None)
    for mask in (too_low, too_high):
        if mask is not None and mask.any():
            offender = shown if shown is not None else values[np.argmax(mask)]
            raise ValueError(f"{name} must be in {_interval(low, high, low_open, high_open)}, got {offender:g}")


def _interval(low, high, low_open, high_open) -> str:
    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    low_text = "-inf" if low is None else f"{low:g}"
    high_text = "inf" if high is None else f"{high:g}"
    return f"{left}{low_text}, {high_text}{right}"


def numeric_frame(name: str, frame: Any) -> pd.DataFrame:
    """Check that ``frame`` is a non-empty DataFrame of numbers (NaN allowed, meaning missing)."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame (rows = customers, columns = attributes), "
                        f"got {type(frame).__name__}")
    if frame.empty:
        raise ValueError(f"{name} is empty: it needs at least one row and one column")
    non_numeric = [column for column in frame.columns if not pd.api.types.is_numeric_dtype(frame[column])
                   or pd.api.types.is_bool_dtype(frame[column])]
    if non_numeric:
        raise TypeError(f"{name} must hold numbers only; column(s) {non_numeric} are not numeric")
    infinite = np.isinf(frame.to_numpy(dtype=float, na_value=np.nan))
    if infinite.any():
        row, column = np.argwhere(infinite)[0]
        raise ValueError(f"{name} has an infinite value at row {frame.index[row]!r}, "
                         f"column {frame.columns[column]!r}")
    return frame.astype(float)


def choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    """Check that ``value`` is one of the ``allowed`` strings."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(repr(a) for a in allowed)}; got {value!r}")
    return value
