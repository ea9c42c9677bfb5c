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

import sys
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import pandas as pd

from . import _core, _display
from .tracking import track

REQUIRED = ["base", "latest", "ad_uncertainty_pct", "ef_uncertainty_pct"]

#: The distributions of the Monte Carlo multipliers, a C++ enum
#: (``str(d)`` is its name; ``parse_distribution("lognormal")`` reads one).
Distribution = _core.Distribution
parse_distribution = _core.parse_distribution


def _check(categories: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in REQUIRED if c not in categories.columns]
    if missing:
        raise _core.ShapeError(f"categories need columns {', '.join(REQUIRED)}; missing: {', '.join(missing)}")
    df = categories.copy()
    for c in REQUIRED:
        v = pd.to_numeric(df[c], errors="coerce")
        if v.isna().any():
            raise _core.ArgumentError(
                f"column {c!r} has no number for {list(df.index[v.isna()])[:5]} (an unknown is not zero)"
            )
        df[c] = v.astype(float)
    return df


def product_rule(uncertainties_pct: Sequence[float]) -> float:
    """IPCC 2006 Eq. 3.1: the uncertainty (%) of a product."""
    return _core.product_rule(list(uncertainties_pct))


def sum_rule(values: Sequence[float], uncertainties_pct: Sequence[float]) -> float:
    """IPCC 2006 Eq. 3.2: the uncertainty (%) of a sum."""
    return _core.sum_rule(list(values), list(uncertainties_pct))


_TABLE_COLUMNS = [
    "combined_pct",
    "variance_share",
    "type_a",
    "type_b",
    "trend_from_ef",
    "trend_from_ad",
    "trend_variance",
]


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

    def to_frame(self) -> pd.DataFrame:
        """The per-category table (a copy)."""
        return self.table.copy()

    def to_dict(self) -> Dict[str, Any]:
        return {
            "base_total": self.base_total,
            "latest_total": self.latest_total,
            "uncertainty_pct": self.uncertainty_pct,
            "trend_pct": self.trend_pct,
            "trend_uncertainty_pct": self.trend_uncertainty_pct,
        }

    def _repr_html_(self) -> str:
        return _display.approach1(self)


def approach1(categories: pd.DataFrame) -> Approach1Result:
    """IPCC Approach 1 for a frame with one row per category and columns
    ``base``, ``latest`` (t CO2e), ``ad_uncertainty_pct``,
    ``ef_uncertainty_pct``."""
    df = _check(categories)
    r = _core.approach1(
        df["base"].tolist(), df["latest"].tolist(), df["ad_uncertainty_pct"].tolist(), df["ef_uncertainty_pct"].tolist()
    )
    table = df[REQUIRED].copy()
    for k in _TABLE_COLUMNS:
        table[k] = getattr(r, k)
    return Approach1Result(table, r.base_total, r.latest_total, r.uncertainty_pct, r.trend_pct, r.trend_uncertainty_pct)


class MonteCarloResult:
    """Totals of every iteration (t CO2e) in the base year and the latest
    year, as read-only numpy views of the compiled result, with summaries.
    ``to_frame()`` gives one row per iteration."""

    __slots__ = ("_run", "seed", "iterations")

    def __init__(self, run: "_core.MonteCarloRun", seed: int, iterations: int):
        self._run = run
        self.seed = seed
        self.iterations = iterations

    @property
    def totals(self) -> "_core.MonteCarloTotals":
        """The bound C++ totals (what :func:`probability_of_target` passes on)."""
        return self._run.totals

    @property
    def base(self) -> np.ndarray:
        return self._run.totals.base

    @property
    def latest(self) -> np.ndarray:
        return self._run.totals.latest

    def summary(self, level: float = 0.95) -> pd.DataFrame:
        """Mean, median, interval bounds and the IPCC-style uncertainty (half
        the interval, % of the mean, lower and upper) for both years."""
        lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100
        rows = {}
        for name, x in (("base", self.base), ("latest", self.latest)):
            p_lo, p_mid, p_hi = np.percentile(x, [lo, 50, hi])
            m = float(np.mean(x))
            am = abs(m)  # of a net removal (negative mean) too, the % is of its size
            rows[name] = {
                "mean": m,
                "median": p_mid,
                "low": p_lo,
                "high": p_hi,
                "uncertainty_pct": (p_hi - p_lo) / 2 / am * 100,
                "lower_pct": (m - p_lo) / am * 100,
                "upper_pct": (p_hi - m) / am * 100,
            }
        return pd.DataFrame(rows).T

    def trend_pct(self) -> np.ndarray:
        """The change from the base to the latest year, per iteration (%)."""
        return (self.latest / self.base - 1.0) * 100.0

    def to_frame(self) -> pd.DataFrame:
        """One row per iteration: ``base_tonnes`` and ``latest_tonnes``."""
        return pd.DataFrame(
            {"base_tonnes": self.base, "latest_tonnes": self.latest},
            index=pd.RangeIndex(self.iterations, name="iteration"),
        )

    def to_dict(self) -> Dict[str, Any]:
        """The run's settings and its summary (JSON-ready)."""
        return {
            "seed": self.seed,
            "iterations": self.iterations,
            "unit": "t CO2e",
            "summary": {k: {c: float(v) for c, v in row.items()} for k, row in self.summary().iterrows()},
        }

    def __repr__(self) -> str:
        return _display.monte_carlo_repr(self)

    def _repr_html_(self) -> str:
        return _display.monte_carlo(self)


def _progress(done: int, total: int, stream: Any) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    stream.write(f"\rMonte Carlo [{'#' * filled}{'.' * (width - filled)}] {done}/{total} blocks")
    if done == total:
        stream.write("\n")
    stream.flush()


def _distributions(df: pd.DataFrame, column: str) -> List["_core.Distribution"]:
    if column not in df:
        return [_core.Distribution.normal] * len(df)
    return [d if isinstance(d, _core.Distribution) else _core.parse_distribution(str(d)) for d in df[column]]


def _run_of(df: pd.DataFrame, correlation: np.ndarray, *, seed: int, iterations: int, threads: int, block: int) -> Any:
    """The core's Monte Carlo run over the checked categories ``df``
    (uncertainties in %, as the tables give them)."""
    return _core.MonteCarloRun(
        df["base"].tolist(),
        df["latest"].tolist(),
        (df["ad_uncertainty_pct"] / 100.0).tolist(),
        (df["ef_uncertainty_pct"] / 100.0).tolist(),
        _distributions(df, "ad_distribution"),
        _distributions(df, "ef_distribution"),
        correlation,
        seed=int(seed),
        iterations=int(iterations),
        threads=int(threads),
        block=int(block),
    )


def monte_carlo(
    categories: pd.DataFrame,
    *,
    iterations: int = 100_000,
    seed: int = 20091,
    threads: int = 1,
    correlation: Optional[np.ndarray] = None,
    block: int = 1024,
    progress: bool = False,
) -> MonteCarloResult:
    """IPCC Approach 2. ``categories`` as for :func:`approach1`, optionally
    with ``ad_distribution`` and ``ef_distribution`` columns (names or
    :class:`Distribution` values: normal, lognormal, triangular,
    uniform; default normal). ``correlation`` is the correlation matrix of
    the categories' emission factors. Seeded: the same seed gives the same
    numbers whatever ``threads`` (1 by default; 0 = every core). With
    ``progress=True`` a progress bar is shown; Ctrl-C stops the run between
    blocks (KeyboardInterrupt)."""
    df = _check(categories)
    corr = np.zeros((0, 0)) if correlation is None else np.asarray(correlation, dtype=float)
    run = _run_of(df, corr, seed=seed, iterations=iterations, threads=threads, block=block)
    total = run.n_blocks
    step = max(1, min(total, 8 * max(1, threads))) if progress else total
    done = 0
    while done < total:
        count = min(step, total - done)
        run.run(done, count)  # releases the GIL; Ctrl-C is seen between steps
        done += count
        if progress:
            _progress(done, total, sys.stderr)
    return MonteCarloResult(run, seed=int(seed), iterations=int(iterations))


@dataclass
class TargetProbability:
    """The chance of meeting the target and of keeping within the budget."""

    probability_met: float
    probability_budget: float
    target_year: int
    target_level_tonnes: float
    outcomes: pd.Series  # projected target-year emissions, percentiles

    def to_dict(self) -> Dict[str, Any]:
        return {
            "probability_met": self.probability_met,
            "probability_budget": self.probability_budget,
            "target_year": self.target_year,
            "target_level_tonnes": self.target_level_tonnes,
            "outcomes_tonnes": {k: float(v) for k, v in self.outcomes.items()},
        }

    def _repr_html_(self) -> str:
        return _display.target_probability(self)


def probability_of_target(
    data: Any,
    target: Any,
    categories: pd.DataFrame,
    *,
    iterations: int = 100_000,
    seed: int = 20091,
    threads: int = 1,
    correlation: Optional[np.ndarray] = None,
    progress: bool = False,
) -> TargetProbability:
    """The probability that ``target`` is met, and that the pathway's budget
    holds, given the inventory uncertainty (``categories``, as for
    :func:`monte_carlo`, whose ``base`` and ``latest`` columns are the
    categories' emissions in the base and latest years) and the trend that
    :func:`~ghgtrack.track` fitted to ``data`` (log-linear, with the
    uncertainty of its slope and its year-to-year scatter). The target level
    moves with the drawn base total (it is a change from the base year).
    Computed in C++ (``include/ghgtrack/target_probability.hpp``)."""
    res = track(data, target)
    fit = res.fit  # the trend track() fitted and used (C++)
    if fit is None:
        raise _core.ArgumentError(
            "probability_of_target needs a trend: track() fitted none (fewer than 3 positive years)"
        )
    final_year, final_level = res.milestones[-1]
    mc = monte_carlo(
        categories, iterations=iterations, seed=seed, threads=threads, correlation=correlation, progress=progress
    )
    o = _core.target_probability(
        mc.totals,
        fit,
        base_total=float(categories["base"].sum()),
        latest_year=int(res.latest_year),
        target_year=int(final_year),
        change=float(final_level) / float(res.base_value) - 1.0,
        remaining_budget=max(float(res.remaining), 0.0),
        seed=int(seed),
    )
    outcomes = pd.Series(
        np.percentile(o.target_year_emissions, [2.5, 25, 50, 75, 97.5]),
        index=["p2.5", "p25", "median", "p75", "p97.5"],
        name="tonnes_co2e",
    )
    return TargetProbability(o.probability_met, o.probability_budget, int(final_year), float(final_level), outcomes)
