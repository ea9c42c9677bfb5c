"""National ensembles: tracking, scenarios and Monte Carlo over many
municipalities, locally or on a Dask cluster (the ``dask`` extra:
``pip install ghgtrack[dask]``).

The work is cut the same way whether it runs here or on Dask:

- municipalities into **partitions** of ``partition_size`` (in the order
  given);
- Monte Carlo iterations into the core's **blocks** of ``block`` iterations
  (block ``k`` draws from its own random stream, seeded from the run's seed
  and ``k``: ``include/ghgtrack/monte_carlo.hpp``), ``blocks_per_task``
  blocks to a task;
- each municipality's run has its own seed, :func:`seed_for` ``(seed,
  label)``: a ``numpy.random.SeedSequence`` of the run's seed keyed by the
  label, so a municipality's numbers depend neither on the others nor on
  the partitions. Its scenarios share that seed (common random numbers: the
  difference between two scenarios is not sampling noise).

So a municipality's draws are exactly those of
``ghgtrack.uncertainty.monte_carlo(categories, iterations=..., block=...,
seed=seed_for(seed, label))``, whatever ``client``, ``partition_size`` or
``blocks_per_task``.

``client=None`` runs every task here, one after the other; a
``distributed.Client`` runs them on its cluster::

    from dask.distributed import Client, LocalCluster
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))  # this machine
    client = Client("tcp://scheduler-host:8786")                     # a real cluster
    result = ghgtrack.distributed.ensemble(national, target, measures,
                                           uncertainty=u, client=client)

Workers need ghgtrack installed (the same version). Progress bars show on a
terminal (``progress=None``), or as ``progress=True/False`` says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Hashable, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _core, _progress
from .inventory import Inventory
from .planning import STANDARD_SCENARIOS, Measure, scenarios
from .reference_path import baseline
from .tracking import CumulativeConvention, SegmentShape, Target, TrackingTable
from .tracking import track_many as _track_many
from .uncertainty import REQUIRED, _check, _run_of

__all__ = [
    "seed_for",
    "partitions",
    "iteration_chunks",
    "track_many",
    "scenario_totals",
    "monte_carlo",
    "ensemble",
    "Draws",
    "Ensemble",
]


# -- the decomposition ----------------------------------------------------------------


def seed_for(seed: int, label: Any) -> int:
    """The seed of ``label``'s Monte Carlo runs in a national run seeded
    ``seed``: 64 bits of ``numpy.random.SeedSequence(seed, spawn_key=<the
    label's UTF-8 bytes>)``."""
    key = tuple(str(label).encode("utf-8"))
    return int(np.random.SeedSequence(int(seed), spawn_key=key).generate_state(1, np.uint64)[0])


def partitions(labels: Sequence[Any], partition_size: int) -> List[List[Any]]:
    """``labels`` in consecutive groups of ``partition_size`` (the last may be shorter)."""
    if int(partition_size) < 1:
        raise _core.ArgumentError(f"partition_size must be a positive number of municipalities, not {partition_size!r}")
    labels = list(labels)
    n = int(partition_size)
    return [labels[i : i + n] for i in range(0, len(labels), n)]


def iteration_chunks(iterations: int, block: int, blocks_per_task: int) -> List[Tuple[int, int]]:
    """The Monte Carlo blocks cut into tasks: ``(first_block, end_block)`` pairs."""
    if int(iterations) < 1 or int(block) < 1 or int(blocks_per_task) < 1:
        raise _core.ArgumentError(
            "iterations, block and blocks_per_task must be positive "
            f"(got {iterations!r}, {block!r}, {blocks_per_task!r})"
        )
    n_blocks = -(-int(iterations) // int(block))
    step = int(blocks_per_task)
    return [(b, min(n_blocks, b + step)) for b in range(0, n_blocks, step)]


# -- where the municipalities come from ------------------------------------------------


class _MappingSource:
    """Inventories given as a mapping label -> Inventory."""

    def __init__(self, inventories: Mapping[Any, Inventory]):
        for k, v in inventories.items():
            if not isinstance(v, Inventory):
                raise TypeError(f"{k!r}: expected a ghgtrack.Inventory, not {type(v).__name__}")
        self._inv = dict(inventories)

    @property
    def labels(self) -> List[Any]:
        return list(self._inv)

    def subset(self, labels: Sequence[Any]) -> "_MappingSource":
        return _MappingSource({k: self._inv[k] for k in labels})

    def inventory(self, label: Any) -> Inventory:
        return self._inv[label]


def _source(data: Any) -> Any:
    if hasattr(data, "labels") and hasattr(data, "subset") and hasattr(data, "inventory"):
        return data  # e.g. ghgtrack.national.NationalInventory (generates on the worker)
    if isinstance(data, Mapping):
        return _MappingSource(data)
    raise TypeError(
        "national runs take a mapping label -> ghgtrack.Inventory or a ghgtrack.national.NationalInventory, "
        f"not {type(data).__name__}"
    )


# -- running tasks here or on Dask --------------------------------------------------------


class _Done:
    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


class _Runner:
    """Submits tasks to ``client`` (Dask futures) or runs them at once here;
    the same tasks, in the same order, either way."""

    def __init__(self, client: Any, bar: Any):
        self.client = client
        self.bar = bar
        self.futures: List[Any] = []

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self.client is None:
            value = fn(*[a.value if isinstance(a, _Done) else a for a in args])
            self.bar.update(1)
            return _Done(value)
        fut = self.client.submit(fn, *args, pure=False)
        self.futures.append(fut)
        return fut

    def scatter(self, value: Any) -> Any:
        if self.client is None:
            return _Done(value)
        return self.client.scatter(value, broadcast=False)

    def gather(self, items: List[Any]) -> List[Any]:
        if self.client is None:
            return [i.value for i in items]
        from distributed import as_completed

        for _ in as_completed(self.futures):
            self.bar.update(1)
        return list(self.client.gather(items))


def _check_client(client: Any) -> Any:
    if client is None:
        return None
    if not hasattr(client, "submit") or not hasattr(client, "gather"):
        raise _core.ArgumentError(
            f"client must be a dask.distributed Client (or None to run here), not {type(client).__name__}"
        )
    return client


# -- targets travel as their fields (the bound C++ Target does not pickle) ------------------


class _TargetSpec:
    """A picklable copy of a :class:`~ghgtrack.Target`'s fields; ``target()``
    rebuilds it (on a worker)."""

    def __init__(self, t: Target):
        self.fields: Dict[str, Any] = dict(
            base_year=t.base_year,
            base_value=t.base_value,
            kind=t.kind,
            sector=t.sector,
            name=t.name,
            changes=t.changes or None,
            levels=t.levels or None,
        )

    def target(self) -> Target:
        return Target(**self.fields)


def _target(t: Any) -> Target:
    return t.target() if isinstance(t, _TargetSpec) else t


# -- track_many -----------------------------------------------------------------------------


def _track_part(frame: pd.DataFrame, target: Any, shape: Any, convention: Any) -> TrackingTable:
    return _track_many(frame, _target(target), shape=shape, convention=convention)


def track_many(
    frame: pd.DataFrame,
    target: Target,
    *,
    shape: Any = SegmentShape.linear,
    convention: Any = CumulativeConvention.annual_sum,
    partition_size: int = 64,
    client: Any = None,
    progress: Optional[bool] = None,
) -> TrackingTable:
    """:func:`ghgtrack.track_many` over the rows of ``frame`` (e.g.
    municipality x year, t CO2e), ``partition_size`` rows to a task, here or
    on ``client``. The same table as one ``track_many`` call."""
    client = _check_client(client)
    parts = partitions(range(len(frame)), partition_size)
    with _progress.bar(len(parts), "track_many", progress) as bar:
        run = _Runner(client, bar)
        t = target if client is None else _TargetSpec(target)
        futs = [run.submit(_track_part, frame.iloc[p[0] : p[-1] + 1], t, shape, convention) for p in parts]
        tables = run.gather(futs)
    return TrackingTable(
        summary=pd.concat([t.summary for t in tables]),
        pathway=pd.concat([t.pathway for t in tables]),
        gap=pd.concat([t.gap for t in tables]),
    )


# -- scenarios ------------------------------------------------------------------------------


@dataclass
class _ScenarioPart:
    """A partition's scenarios: totals (label, scenario) x year, and each
    one's Monte Carlo inputs (sector rows: base, latest)."""

    totals: pd.DataFrame
    inputs: Dict[Tuple[Any, str], pd.DataFrame]
    tracking: Optional[TrackingTable] = None


def _sector_year(inv: Inventory, year: int, what: str, label: Any) -> pd.Series:
    bs = inv.by_sector(year)
    col = bs[year] if year in bs.columns else bs.iloc[:, 0]
    inc = bs.attrs.get("incomplete")
    if inc is not None and len(inc):
        raise _core.ArgumentError(
            f"{label}: the {what} {year} by sector includes unknown cells ({inc}); "
            "an unknown is not zero: give the cells a value or leave the municipality out"
        )
    return col.astype(float)


def _scenario_part(
    source: Any,
    measures: Sequence[Measure],
    specs: Mapping[str, Optional[Sequence[str]]],
    until: int,
    base_year: Optional[int],
    method: str,
    target: Any = None,
) -> _ScenarioPart:
    rows, inputs, data = {}, {}, {}
    for label in source.labels:
        inv = source.inventory(label)
        data[label] = inv.total()
        ref = baseline(inv, until, method=method)
        res = scenarios(ref.inventory, measures, specs=specs)
        base = _sector_year(inv, base_year, "base year", label) if base_year is not None else None
        for name, s in res.items():
            rows[(label, name)] = pd.concat([inv.total(), s.total()])
            if base is not None:
                latest = _sector_year(s.inventory, until, "scenario year", label)
                inputs[(label, name)] = pd.DataFrame({"base": base, "latest": latest.reindex(base.index)})
    totals = pd.DataFrame(rows).T
    totals.index.names = ["municipality", "scenario"]
    totals.columns = pd.Index([int(c) for c in totals.columns], name="year")
    tracking = None
    if target is not None:
        frame = pd.DataFrame(data).T
        frame.index.name = "municipality"
        frame.columns = pd.Index([int(c) for c in frame.columns], name="year")
        tracking = _track_many(frame, _target(target))
    return _ScenarioPart(totals, inputs, tracking)


def scenario_totals(
    inventories: Any,
    measures: Sequence[Measure],
    *,
    until: int,
    specs: Optional[Mapping[str, Optional[Sequence[str]]]] = None,
    baseline_method: str = "trend",
    partition_size: int = 32,
    client: Any = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Each municipality's reference path to ``until``
    (:func:`ghgtrack.baseline`, ``baseline_method``) with ``measures``
    applied per scenario (:func:`ghgtrack.scenarios`; the standard three by
    default): a frame (municipality, scenario) x year of totals, t CO2e
    (data years, then the scenario's projected years)."""
    client = _check_client(client)
    src = _source(inventories)
    specs = dict(STANDARD_SCENARIOS if specs is None else specs)
    parts = partitions(src.labels, partition_size)
    with _progress.bar(len(parts), "scenarios", progress) as bar:
        run = _Runner(client, bar)
        futs = [
            run.submit(_scenario_part, src.subset(p), list(measures), specs, int(until), None, baseline_method)
            for p in parts
        ]
        out = run.gather(futs)
    return pd.concat([o.totals for o in out])


# -- Monte Carlo -------------------------------------------------------------------------------


def _mc_inputs(categories: pd.DataFrame, uncertainty: Optional[pd.DataFrame], key: Any) -> pd.DataFrame:
    """Categories with the uncertainty columns (joined from ``uncertainty`` by
    index when the categories lack them)."""
    df = categories
    if uncertainty is not None and not all(c in df.columns for c in REQUIRED):
        missing = [i for i in df.index if i not in uncertainty.index]
        if missing:
            raise _core.UnknownLabelError(
                f"{key}: no uncertainty for {missing[:5]}; the uncertainty table has {list(uncertainty.index)}"
            )
        df = df.join(uncertainty, how="left")
    return _check(df)


def _mc_block_run(df: pd.DataFrame, seed: int, iterations: int, block: int, b0: int, b1: int) -> Tuple[Any, Any]:
    """Blocks [b0, b1) of the core's run of ``iterations`` (the same numbers
    as those iterations of one whole run: block k's stream depends on seed and k)."""
    n = min(int(iterations), b1 * block)  # iterations after block b1 are not needed
    run = _run_of(df, np.zeros((0, 0)), seed=seed, iterations=n, threads=1, block=block)
    run.run(b0, b1 - b0)
    lo = b0 * block
    return np.array(run.totals.base[lo:n]), np.array(run.totals.latest[lo:n])


def _mc_part(
    inputs: Any, uncertainty: Optional[pd.DataFrame], seed: int, iterations: int, block: int, b0: int, b1: int
) -> Dict[Any, Tuple[Any, Any]]:
    if isinstance(inputs, _ScenarioPart):
        inputs = inputs.inputs
    out = {}
    for key, cats in inputs.items():
        label = key[0] if isinstance(key, tuple) else key
        df = _mc_inputs(cats, uncertainty, key)
        out[key] = _mc_block_run(df, seed_for(seed, label), iterations, block, b0, b1)
    return out


@dataclass
class Draws:
    """One Monte Carlo run's totals per iteration (t CO2e) and its seed."""

    base: np.ndarray
    latest: np.ndarray
    seed: int

    def trend_pct(self) -> np.ndarray:
        return (self.latest / self.base - 1.0) * 100.0


def _join(chunks: Sequence[Mapping[Any, Tuple[Any, Any]]], seed: int) -> Dict[Any, Draws]:
    out: Dict[Any, Draws] = {}
    for key in chunks[0]:
        label = key[0] if isinstance(key, tuple) else key
        out[key] = Draws(
            np.concatenate([c[key][0] for c in chunks]),
            np.concatenate([c[key][1] for c in chunks]),
            seed_for(seed, label),
        )
    return out


def _default_blocks_per_task(iterations: int, block: int) -> int:
    n_blocks = -(-int(iterations) // int(block))
    return max(1, math.ceil(n_blocks / 2))  # two iteration tasks per partition


def monte_carlo(
    categories: Mapping[Hashable, pd.DataFrame],
    *,
    iterations: int = 10_000,
    seed: int = 20091,
    block: int = 1024,
    blocks_per_task: Optional[int] = None,
    partition_size: int = 32,
    uncertainty: Optional[pd.DataFrame] = None,
    client: Any = None,
    progress: Optional[bool] = None,
) -> Dict[Hashable, Draws]:
    """IPCC Approach 2 for many municipalities: ``categories`` maps a label to
    a frame as :func:`ghgtrack.uncertainty.monte_carlo` takes it (``base``,
    ``latest`` and the uncertainty columns, or ``uncertainty``, a table of
    the uncertainty columns indexed like the categories). Returns label ->
    :class:`Draws`, equal to ``uncertainty.monte_carlo(..., seed=seed_for(seed,
    label))`` for each label. Correlations are not supported here."""
    client = _check_client(client)
    labels = list(categories)
    parts = partitions(labels, partition_size)
    chunks = iteration_chunks(iterations, block, blocks_per_task or _default_blocks_per_task(iterations, block))
    with _progress.bar(len(parts) * len(chunks), "Monte Carlo", progress) as bar:
        run = _Runner(client, bar)
        u = run.scatter(uncertainty) if uncertainty is not None else None
        futs = []
        for p in parts:
            sub = {k: categories[k] for k in p}
            futs += [run.submit(_mc_part, sub, u, int(seed), int(iterations), int(block), b0, b1) for b0, b1 in chunks]
        results = run.gather(futs)
    out: Dict[Hashable, Draws] = {}
    for i in range(len(parts)):
        out.update(_join(results[i * len(chunks) : (i + 1) * len(chunks)], int(seed)))
    return out


# -- the whole ensemble ---------------------------------------------------------------------------

_SUMMARY_COLUMNS = [
    "base_mean",
    "latest_mean",
    "latest_p2_5",
    "latest_median",
    "latest_p97_5",
    "change_pct_mean",
    "probability_met",
]


def _summarise(
    part: _ScenarioPart, threshold: Tuple[str, float], keep_draws: bool, seed: int, *chunks: Any
) -> Tuple[pd.DataFrame, Optional[Dict[Any, Draws]]]:
    draws = _join(chunks, seed) if chunks and chunks[0] else {}
    rows = {}
    kind, value = threshold
    for key, d in draws.items():
        p = np.percentile(d.latest, [2.5, 50, 97.5])
        # a change target moves with the drawn base-year total (as ghgtrack.uncertainty.probability_of_target)
        met = d.latest <= d.base * (1.0 + value) if kind == "change" else d.latest <= value
        rows[key] = [d.base.mean(), d.latest.mean(), p[0], p[1], p[2], float(d.trend_pct().mean()), float(met.mean())]
    summary = pd.DataFrame.from_dict(rows, orient="index", columns=_SUMMARY_COLUMNS)
    if len(summary):
        summary.index = pd.MultiIndex.from_tuples(summary.index, names=["municipality", "scenario"])
    return summary, (draws if keep_draws else None)


@dataclass
class Ensemble:
    """A national ensemble's results.

    - ``tracking``: :func:`ghgtrack.track_many` of every municipality's
      total (data years only) against the target;
    - ``scenarios``: (municipality, scenario) x year totals, t CO2e (data
      years, then projected years);
    - ``summary``: per (municipality, scenario), the Monte Carlo of the
      inventory uncertainty with the scenario's level in the target year as
      ``latest``: means and 95 % interval of that level (t CO2e), the mean
      change from the base year (%) and ``probability_met`` (share of the
      iterations at or below the target);
    - ``draws``: the iterations, when asked for (``keep_draws=True``).
    """

    tracking: TrackingTable
    scenarios: pd.DataFrame
    summary: pd.DataFrame
    draws: Optional[Dict[Any, Draws]] = None
    settings: Dict[str, Any] = field(default_factory=dict)


def ensemble(
    inventories: Any,
    target: Target,
    measures: Sequence[Measure],
    *,
    uncertainty: pd.DataFrame,
    specs: Optional[Mapping[str, Optional[Sequence[str]]]] = None,
    iterations: int = 10_000,
    seed: int = 20091,
    block: int = 1024,
    blocks_per_task: Optional[int] = None,
    partition_size: int = 32,
    baseline_method: str = "trend",
    keep_draws: bool = False,
    client: Any = None,
    progress: Optional[bool] = None,
) -> Ensemble:
    """Every municipality of ``inventories`` (a mapping label -> Inventory,
    or a :class:`ghgtrack.national.NationalInventory`): tracking of its data
    against ``target``; its reference path to the target year with the
    scenarios of ``specs`` (the standard three by default); and, per
    scenario, a Monte Carlo of ``iterations`` on its sectors (uncertainty
    by sector from ``uncertainty``, columns ``ad_uncertainty_pct`` and
    ``ef_uncertainty_pct``) between the base year and the target year.

    Tasks: per partition one scenario task, ``n_chunks`` Monte Carlo tasks
    (one per :func:`iteration_chunks`) and one summary task. Results are
    identical for the same seed with or without ``client``."""
    client = _check_client(client)
    src = _source(inventories)
    specs = dict(STANDARD_SCENARIOS if specs is None else specs)
    if target.base_year is None:
        raise _core.ArgumentError(
            "ensemble needs a target relative to a base year (e.g. Target.cut(2009, {2030: 0.55}))"
        )
    if target.sector is not None or str(target.kind) != "absolute":
        raise _core.ArgumentError(
            f"ensemble tracks each municipality's total against an absolute target for all sectors; "
            f"got kind {target.kind!r}, sector {target.sector!r} (use e.g. Target.cut(2009, {{2030: 0.55}}))"
        )
    final = int(target.final_year)
    changes = target.changes
    threshold = ("change", float(changes[final])) if final in changes else ("level", float(target.levels[final]))
    parts = partitions(src.labels, partition_size)
    chunks = iteration_chunks(iterations, block, blocks_per_task or _default_blocks_per_task(iterations, block))
    n_tasks = len(parts) * (len(chunks) + 2)
    with _progress.bar(n_tasks, "national ensemble", progress) as bar:
        run = _Runner(client, bar)
        u = run.scatter(uncertainty)
        t_target = target if client is None else _TargetSpec(target)
        summaries = []
        for p in parts:
            sp = run.submit(
                _scenario_part,
                src.subset(p),
                list(measures),
                specs,
                final,
                int(target.base_year),
                baseline_method,
                t_target,
            )
            mcs = [run.submit(_mc_part, sp, u, int(seed), int(iterations), int(block), b0, b1) for b0, b1 in chunks]
            summaries.append((sp, run.submit(_summarise, sp, threshold, keep_draws, int(seed), *mcs)))
        flat = run.gather([x for pair in summaries for x in pair])
    sps, sums = flat[0::2], flat[1::2]
    tracking = TrackingTable(
        summary=pd.concat([sp.tracking.summary for sp in sps]),
        pathway=pd.concat([sp.tracking.pathway for sp in sps]),
        gap=pd.concat([sp.tracking.gap for sp in sps]),
    )
    draws: Optional[Dict[Any, Draws]] = {} if keep_draws else None
    for s in sums:
        if draws is not None and s[1]:
            draws.update(s[1])
    return Ensemble(
        tracking=tracking,
        scenarios=pd.concat([sp.totals for sp in sps]),
        summary=pd.concat([s[0] for s in sums]),
        draws=draws,
        settings={
            "iterations": int(iterations),
            "seed": int(seed),
            "block": int(block),
            "partitions": len(parts),
            "iteration_chunks": len(chunks),
            "baseline_method": baseline_method,
            "scenarios": list(specs),
            "target": str(target),
        },
    )
