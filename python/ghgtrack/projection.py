"""Trend projections: linear and log-linear fits with prediction intervals,
and business-as-usual projections from drivers times a fitted intensity.

The fits are ordinary least squares (C++ ``trend.hpp``); intervals use
Student's t with n - 2 degrees of freedom.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from .inventory import Inventory


def _series(data: Any) -> pd.Series:
    s = data.total() if isinstance(data, Inventory) else pd.Series(data, dtype=float)
    s = s.astype(float).dropna()
    s.index = s.index.astype(int)
    return s.sort_index()


def project(
    data: Any,
    until: int,
    *,
    method: str = "loglinear",
    since: Optional[int] = None,
    drivers: Optional[Union[pd.Series, Mapping[int, float]]] = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Projects emissions (t CO2e) to ``until``.

    - ``method="linear"`` or ``"loglinear"``: a trend fitted to the years
      from ``since`` (default: all).
    - ``drivers`` (e.g. population by year, covering the past and the
      projection years): business as usual, driver x intensity, where the
      intensity (emissions per unit of driver) follows the fitted trend.

    Returns a frame indexed by year with ``value``, ``low`` and ``high``
    (the prediction interval at ``level``) and ``kind`` ("actual" or
    "projected"); ``.attrs`` holds the fit (slope, its standard error, the
    annual rate of a log-linear fit)."""
    if method not in ("linear", "loglinear"):
        raise ValueError(f"method must be 'linear' or 'loglinear', not {method!r}")
    s = _series(data)
    if since is not None:
        s = s[s.index >= since]
    if len(s) < 3:
        raise ValueError("a projection needs at least 3 years of data")
    last = int(s.index[-1])
    if until <= last:
        raise ValueError(f"until ({until}) must come after the last year of data ({last})")
    future = list(range(last + 1, until + 1))
    fit_on = s
    scale = pd.Series(1.0, index=s.index.tolist() + future)
    if drivers is not None:
        d = pd.Series(drivers, dtype=float)
        missing = [y for y in list(s.index) + future if y not in d.index]
        if missing:
            raise KeyError(f"no driver value for {missing[:5]}")
        if (d.loc[list(s.index) + future] <= 0).any():
            raise ValueError("drivers must be positive")
        fit_on = s / d.loc[s.index].to_numpy()
        scale = d.loc[list(s.index) + future]
    f = _core.fit_trend([float(y) for y in fit_on.index], fit_on.tolist(), method == "loglinear")
    pred = f.predict_many([float(y) for y in future], level)
    proj = pd.DataFrame(
        {
            "value": np.asarray(pred["value"]) * scale.loc[future].to_numpy(),
            "low": np.asarray(pred["low"]) * scale.loc[future].to_numpy(),
            "high": np.asarray(pred["high"]) * scale.loc[future].to_numpy(),
            "kind": "projected",
        },
        index=pd.Index(future, name="year"),
    )
    actual = pd.DataFrame({"value": s, "low": s, "high": s, "kind": "actual"})
    out = pd.concat([actual, proj])
    out.index.name = "year"
    attrs = {
        "method": method,
        "slope": f.slope,
        "slope_se": f.slope_se,
        "residual_sd": f.residual_sd,
        "n": f.n,
        "level": level,
        "drivers": drivers is not None,
    }
    if method == "loglinear":
        attrs["rate"] = f.rate()
        attrs["rate_interval"] = tuple(f.rate_interval(level))
    out.attrs = attrs
    return out
