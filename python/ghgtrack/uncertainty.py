"""Inventory uncertainty after the IPCC 2006 Guidelines (Vol. 1, Ch. 3):
Approach 1 (error propagation, Table 3.3) and Approach 2 (Monte Carlo), and
from them the probability of meeting a target.

Uncertainties are given per category as half the 95 % confidence interval
in percent of the value (``ad_uncertainty_pct`` for activity data,
``ef_uncertainty_pct`` for the emission factor), as the Guidelines tabulate
them. The C++ core is ``include/ghgtrack/uncertainty.hpp`` and
``monte_carlo.hpp``.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Sequence

import numpy as np
import pandas as pd

from . import _core

REQUIRED = ["base", "latest", "ad_uncertainty_pct", "ef_uncertainty_pct"]
DISTRIBUTIONS = ("normal", "lognormal", "triangular", "uniform")


def _check(categories: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in REQUIRED if c not in categories.columns]
    if missing:
        raise ValueError(f"categories need columns {', '.join(REQUIRED)}; missing: {', '.join(missing)}")
    df = categories.copy()
    for c in REQUIRED:
        v = pd.to_numeric(df[c], errors="coerce")
        if v.isna().any():
            raise ValueError(f"column {c!r} has no number for {list(df.index[v.isna()])[:5]}")
        df[c] = v.astype(float)
    if (df[["ad_uncertainty_pct", "ef_uncertainty_pct"]] < 0).any().any():
        raise ValueError("uncertainties must be non-negative percentages")
    return df


def product_rule(uncertainties_pct: Sequence[float]) -> float:
    """IPCC 2006 Eq. 3.1: the uncertainty (%) of a product."""
    return _core.product_rule(list(uncertainties_pct))


def sum_rule(values: Sequence[float], uncertainties_pct: Sequence[float]) -> float:
    """IPCC 2006 Eq. 3.2: the uncertainty (%) of a sum."""
    return _core.sum_rule(list(values), list(uncertainties_pct))


@dataclass
class Approach1Result:
    """Table 3.3: ``table`` has the per-category columns (G combined_pct, H
    variance_share, I type_a, J type_b, K trend_from_ef, L trend_from_ad,
    M trend_variance); the totals are attributes."""

    table: pd.DataFrame
    base_total: float
    latest_total: float
    uncertainty_pct: float
    trend_pct: float
    trend_uncertainty_pct: float

    def _repr_html_(self) -> str:
        return (f"<p>Level uncertainty {self.uncertainty_pct:.1f} %; trend {self.trend_pct:+.1f} % "
                f"&plusmn; {self.trend_uncertainty_pct:.1f} percentage points (IPCC 2006 Approach 1)</p>"
                + self.table.to_html(float_format=lambda v: f"{v:,.3f}"))


def approach1(categories: pd.DataFrame) -> Approach1Result:
    """IPCC Approach 1 for a frame with one row per category and columns
    ``base``, ``latest`` (t CO2e), ``ad_uncertainty_pct``,
    ``ef_uncertainty_pct``."""
    df = _check(categories)
    r = _core.approach1(df["base"].tolist(), df["latest"].tolist(), df["ad_uncertainty_pct"].tolist(),
                        df["ef_uncertainty_pct"].tolist())
    table = df[REQUIRED].copy()
    for k in ["combined_pct", "variance_share", "type_a", "type_b", "trend_from_ef", "trend_from_ad", "trend_variance"]:
        table[k] = r[k]
    return Approach1Result(table, r["base_total"], r["latest_total"], r["uncertainty_pct"], r["trend_pct"],
                           r["trend_uncertainty_pct"])


@dataclass
class MonteCarloResult:
    """Totals of every iteration (t CO2e) in the base year and the latest
    year, with summaries. ``run`` keeps the compiled run for
    :func:`probability_of_target`."""

    base: np.ndarray
    latest: np.ndarray
    seed: int
    iterations: int
    run: Any = field(repr=False, default=None)

    def summary(self, level: float = 0.95) -> pd.DataFrame:
        """Mean, median, interval bounds and the IPCC-style uncertainty (half
        the interval, % of the mean, lower and upper) for both years."""
        lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100
        rows = {}
        for name, x in (("base", self.base), ("latest", self.latest)):
            p_lo, p_mid, p_hi = np.percentile(x, [lo, 50, hi])
            m = float(np.mean(x))
            rows[name] = {"mean": m, "median": p_mid, "low": p_lo, "high": p_hi,
                          "uncertainty_pct": (p_hi - p_lo) / 2 / m * 100,
                          "lower_pct": (m - p_lo) / m * 100, "upper_pct": (p_hi - m) / m * 100}
        return pd.DataFrame(rows).T

    def trend_pct(self) -> np.ndarray:
        """The change from the base to the latest year, per iteration (%)."""
        return (self.latest / self.base - 1.0) * 100.0


def _progress(done: int, total: int, stream: Any) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    stream.write(f"\rMonte Carlo [{'#' * filled}{'.' * (width - filled)}] {done}/{total} blocks")
    if done == total:
        stream.write("\n")
    stream.flush()


def monte_carlo(
    categories: pd.DataFrame,
    *,
    iterations: int = 100_000,
    seed: int = 20091,
    threads: int = 2,
    correlation: Optional[np.ndarray] = None,
    block: int = 1024,
    progress: bool = False,
) -> MonteCarloResult:
    """IPCC Approach 2. ``categories`` as for :func:`approach1`, optionally
    with ``ad_distribution`` and ``ef_distribution`` columns (normal,
    lognormal, triangular, uniform; default normal). ``correlation`` is the
    correlation matrix of the categories' emission factors. Seeded: the
    same seed gives the same numbers whatever ``threads``. With
    ``progress=True`` a progress bar is shown; Ctrl-C stops the run between
    blocks (KeyboardInterrupt)."""
    df = _check(categories)
    n = len(df)
    ad_d = df["ad_distribution"].astype(str).tolist() if "ad_distribution" in df else ["normal"] * n
    ef_d = df["ef_distribution"].astype(str).tolist() if "ef_distribution" in df else ["normal"] * n
    for d in ad_d + ef_d:
        if d not in DISTRIBUTIONS:
            raise ValueError(f"unknown distribution {d!r}; use one of {', '.join(DISTRIBUTIONS)}")
    corr = np.zeros((0, 0)) if correlation is None else np.asarray(correlation, dtype=float)
    if iterations <= 0:
        raise ValueError("iterations must be positive")
    run = _core.MonteCarloRun(
        df["base"].tolist(), df["latest"].tolist(),
        (df["ad_uncertainty_pct"] / 100.0).tolist(), (df["ef_uncertainty_pct"] / 100.0).tolist(),
        ad_d, ef_d, corr, int(seed), int(iterations), int(threads), int(block),
    )
    total = run.n_blocks
    step = max(1, min(total, 8 * max(1, threads))) if progress else total
    done = 0
    while done < total:
        count = min(step, total - done)
        run.run(done, count)  # releases the GIL; Ctrl-C is seen between steps
        done += count
        if progress:
            _progress(done, total, sys.stderr)
    return MonteCarloResult(base=np.asarray(run.base), latest=np.asarray(run.latest), seed=seed,
                            iterations=iterations, run=run)


@dataclass
class TargetProbability:
    """The chance of meeting the target and of keeping within the budget."""

    probability_met: float
    probability_budget: float
    target_year: int
    target_level_tonnes: float
    outcomes: pd.Series  # projected target-year emissions, percentiles

    def _repr_html_(self) -> str:
        return (f"<p>P(target met in {self.target_year}) = {self.probability_met:.1%}; "
                f"P(budget holds) = {self.probability_budget:.1%}</p>")


def probability_of_target(
    data: Any,
    target: Any,
    categories: pd.DataFrame,
    *,
    iterations: int = 100_000,
    seed: int = 20091,
    threads: int = 2,
    correlation: Optional[np.ndarray] = None,
    progress: bool = False,
) -> TargetProbability:
    """The probability that ``target`` (a :class:`~ghgtrack.Target` with a
    percentage cut) is met, and that the pathway's budget holds, given the
    inventory uncertainty (``categories``, as for :func:`monte_carlo`, whose
    ``base`` and ``latest`` columns are the categories' emissions in the base
    and latest years) and today's trend (a log-linear fit of ``data``, with
    the uncertainty of its slope and its year-to-year scatter)."""
    from .tracking import track

    res = track(data, target)
    if target.levels or not target.reductions:
        raise ValueError("probability_of_target needs a percentage target (reductions=)")
    cut = target.reductions[target.final_year]
    s = res.frame["actual"]
    f = _core.fit_trend([float(y) for y in s.index], s.tolist(), True, 0.95, [])
    mc = monte_carlo(categories, iterations=iterations, seed=seed, threads=threads, correlation=correlation,
                     progress=progress)
    o = mc.run.target_probability(float(categories["base"].sum()), res.latest_year, target.final_year, cut,
                                  f["slope"], f["slope_se"], f["residual_sd"], max(res.remaining, 0.0), seed)
    outcomes = pd.Series(np.percentile(o["target_year_emissions"], [2.5, 25, 50, 75, 97.5]),
                         index=["p2.5", "p25", "median", "p75", "p97.5"], name="tonnes_co2e")
    return TargetProbability(o["probability_met"], o["probability_budget"], target.final_year,
                             res.milestones[-1][1], outcomes)
