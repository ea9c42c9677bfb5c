"""A generated, **synthetic** national inventory: every Norwegian municipality
(the 357 of the 2024 borders, real names, numbers and populations) with the
real sector, source and gas structure of Oslo's accounts from
Miljødirektoratet, and values scaled from Oslo's.

The numbers are NOT anybody's published accounts. They exist to exercise and
benchmark national runs (``ghgtrack.distributed``) at the real size and shape
of the problem. Oslo (0301) is Oslo's real data, unchanged; every other
municipality ``m`` gets, for each cell (sector, source, gas) of Oslo and each
year ``y``::

    value[m, cell, y] = oslo[cell, y] * population[m] / population[Oslo]
                        * level[m, sector] * exp(tilt[m, sector] * (y - 2024))
                        * wiggle[m, sector, y]

- ``population``: SSB statbank table 07459, 1 January 2024 (bundled as
  ``data/norway_municipalities_population_2024.csv``; see PROVENANCE.md);
- ``level[m, sector]``: lognormal with mean 1 and log-sd
  :data:`SECTOR_LEVEL_SIGMA` (``level_sigma=``: one number, or a mapping
  sector -> number for the sectors that differ): per-capita emissions differ
  between municipalities far more than between years;
- ``tilt[m, sector]``: normal, mean 0, sd :data:`TREND_TILT_SD` per year
  (``tilt_sd=``), so
  that trends differ between municipalities (anchored at 2024, the newest
  year, so that the 2024 level is population x level);
- ``wiggle[m, sector, y]``: lognormal with mean 1 and log-sd
  :data:`YEAR_NOISE_SIGMA` (``year_sigma=``; year-to-year noise).

These spreads are this generator's choices, picked to give a spread of
statuses; they are not estimates from data. Cells that Oslo reports as
unknown (a notation key and no value) stay unknown everywhere: an unknown is
never made a number. The draws are deterministic for ``seed``: municipality
``m`` draws from ``numpy.random.SeedSequence(seed, spawn_key=(int(code),))``,
so one municipality's numbers do not depend on which others are generated.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._data import path
from .inventory import Inventory
from .planning import Measure, Measures

__all__ = [
    "SECTOR_LEVEL_SIGMA",
    "TREND_TILT_SD",
    "YEAR_NOISE_SIGMA",
    "ANCHOR_YEAR",
    "NationalInventory",
    "municipalities",
    "generate",
    "synthetic_measures",
    "illustrative_uncertainty",
]

#: log-sd of a municipality's per-capita level per sector against Oslo's (the
#: generator's choice, not an estimate: a factor of about 1.6 either way is
#: one standard deviation).
SECTOR_LEVEL_SIGMA = 0.5
#: sd of the extra annual log-trend per municipality and sector (the
#: generator's choice: 2 % a year).
TREND_TILT_SD = 0.02
#: log-sd of the year-to-year noise per municipality, sector and year (the
#: generator's choice: about 4 %).
YEAR_NOISE_SIGMA = 0.04
#: The year whose level the trend tilt leaves unchanged (the newest year of
#: the bundled Oslo release).
ANCHOR_YEAR = 2024

OSLO_CODE = "0301"


def municipalities() -> pd.DataFrame:
    """The 357 municipalities of 2024 (code, name, population on 1 January
    2024; SSB table 07459), indexed by the four-digit code as text."""
    df = pd.read_csv(
        path("norway_municipalities_population_2024.csv"),
        comment="#",
        dtype={"municipality_code": str, "municipality": str},
    )
    return df.set_index("municipality_code")[["municipality", "population"]]


@functools.lru_cache(maxsize=1)
def _oslo_frame() -> pd.DataFrame:
    from .datasets import oslo

    return oslo().to_frame()


class NationalInventory:
    """The synthetic national inventory (see the module doc). Light to
    pickle: it holds the Oslo template and the population table, and makes a
    municipality's inventory when asked, the same for the same seed on any
    machine (what ``ghgtrack.distributed`` ships to its workers).

    - ``labels``: the municipality codes, in SSB order;
    - ``municipalities``: code -> name, population;
    - :meth:`inventory` (one), :meth:`inventories` (all, a dict),
      :meth:`frame` (tidy, with ``municipality_code``), :meth:`totals`
      (municipality x year, t CO2e).
    """

    def __init__(
        self,
        seed: int = 2024,
        *,
        codes: Optional[Iterable[str]] = None,
        level_sigma: Union[None, float, Mapping[str, float]] = None,
        tilt_sd: float = TREND_TILT_SD,
        year_sigma: float = YEAR_NOISE_SIGMA,
        template: Optional[pd.DataFrame] = None,
    ) -> None:
        table = municipalities()
        if codes is not None:
            codes = [str(c) for c in codes]
            unknown = [c for c in codes if c not in table.index]
            if unknown:
                raise _core.UnknownLabelError(
                    f"unknown municipality codes {unknown[:5]} (accepted: the 2024 codes, e.g. 0301 for Oslo)"
                )
            table = table.loc[codes]
        self.seed = int(seed)
        self.municipalities = table
        self._oslo_population = float(municipalities().loc[OSLO_CODE, "population"])
        self._template = (_oslo_frame() if template is None else template).reset_index(drop=True)
        sectors = sorted(self._template["sector"].unique())
        if level_sigma is None or isinstance(level_sigma, (int, float)):
            default = SECTOR_LEVEL_SIGMA if level_sigma is None else float(level_sigma)
            sig: Dict[str, float] = {}
        else:
            default, sig = SECTOR_LEVEL_SIGMA, dict(level_sigma)
        for name, v in [("tilt_sd", tilt_sd), ("year_sigma", year_sigma), ("level_sigma", default), *sig.items()]:
            if not (float(v) >= 0.0 and math.isfinite(float(v))):
                raise _core.ArgumentError(f"{name}: a spread is a finite number >= 0, not {v!r}")
        self._tilt_sd, self._year_sigma = float(tilt_sd), float(year_sigma)
        bad = [s for s in sig if s not in sectors]
        if bad:
            raise _core.UnknownLabelError(f"level_sigma names unknown sectors {bad}; sectors: {sectors}")
        self._sectors = sectors
        self._sigma = np.array([float(sig.get(s, default)) for s in sectors])
        self._sector_of_row = np.searchsorted(sectors, self._template["sector"].to_numpy())
        years = np.sort(self._template["year"].unique())
        self._years = years
        self._year_of_row = np.searchsorted(years, self._template["year"].to_numpy())

    # -- labels -------------------------------------------------------------------------
    @property
    def labels(self) -> List[str]:
        return list(self.municipalities.index)

    @property
    def years(self) -> List[int]:
        return [int(y) for y in self._years]

    @property
    def sectors(self) -> List[str]:
        return list(self._sectors)

    @property
    def metric(self) -> Optional[str]:
        """The GWP metric of the values (Oslo's, e.g. "AR5GWP100")."""
        m = self._template["metric"].dropna().unique() if "metric" in self._template else []
        return str(m[0]) if len(m) == 1 else None

    def __len__(self) -> int:
        return len(self.municipalities)

    def subset(self, codes: Sequence[str]) -> "NationalInventory":
        """The same generator restricted to ``codes`` (same numbers for them)."""
        out = NationalInventory.__new__(NationalInventory)
        out.__dict__.update(self.__dict__)
        out.municipalities = self.municipalities.loc[[str(c) for c in codes]]
        return out

    def name(self, code: str) -> str:
        return str(self.municipalities.loc[str(code), "municipality"])

    # -- values --------------------------------------------------------------------------
    def _factor(self, code: str) -> np.ndarray:
        """The multiplier of each template row for municipality ``code``."""
        if code == OSLO_CODE:
            return np.ones(len(self._template))
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(int(code),)))
        ns, ny = len(self._sectors), len(self._years)
        level = np.exp(rng.normal(-(self._sigma**2) / 2, self._sigma, ns))
        tilt = rng.normal(0.0, self._tilt_sd, ns)
        ys = self._year_sigma
        wiggle = np.exp(rng.normal(-(ys**2) / 2, ys, (ns, ny)))
        dy = self._years.astype(float) - ANCHOR_YEAR
        per = level[:, None] * np.exp(tilt[:, None] * dy[None, :]) * wiggle  # sector x year
        scale = float(self.municipalities.loc[code, "population"]) / self._oslo_population
        return scale * per[self._sector_of_row, self._year_of_row]

    def inventory_frame(self, code: str) -> pd.DataFrame:
        """Municipality ``code``'s tidy frame (the columns of
        :meth:`ghgtrack.Inventory.to_frame`)."""
        code = str(code)
        if code not in self.municipalities.index:
            raise _core.UnknownLabelError(f"municipality {code!r} is not in this national inventory")
        df = self._template.copy()
        df["value"] = df["value"].to_numpy(dtype=float) * self._factor(code)  # NaN (unknown) stays NaN
        return df

    def inventory(self, code: str) -> Inventory:
        """Municipality ``code``'s inventory (synthetic except Oslo)."""
        code = str(code)
        inv = Inventory.from_frame(self.inventory_frame(code), origin=f"synthetic national inventory, {code}")
        inv.provenance.update(
            {
                "municipality": self.name(code),
                "municipality_code": code,
                "synthetic": code != OSLO_CODE,
                "generator": f"ghgtrack.national seed {self.seed}",
            }
        )
        return inv

    def inventories(self) -> Dict[str, Inventory]:
        """Every municipality's inventory, by code."""
        return {c: self.inventory(c) for c in self.labels}

    def frame(self) -> pd.DataFrame:
        """One tidy frame for all: ``municipality_code``, ``municipality`` and
        the columns of :meth:`ghgtrack.Inventory.to_frame`."""
        parts = []
        for c in self.labels:
            df = self.inventory_frame(c)
            df.insert(0, "municipality", self.name(c))
            df.insert(0, "municipality_code", c)
            parts.append(df)
        return pd.concat(parts, ignore_index=True)

    def totals(self) -> pd.DataFrame:
        """Municipality (code) x year, t CO2e: each total is summed by the
        core (:meth:`ghgtrack.Inventory.total`); a year including an unknown
        cell is marked in ``.attrs["incomplete"]`` (code, year pairs)."""
        rows, incomplete = {}, []
        for c in self.labels:
            t: Any = self.inventory(c).total()  # a Series (no year given)
            rows[c] = t
            inc = t.attrs.get("incomplete")
            if inc is not None and len(inc):
                incomplete += [(c, y) for y in (inc if not isinstance(inc, pd.Series) else inc[inc].index)]
        df = pd.DataFrame(rows).T
        df.index.name = "municipality_code"
        df.columns = pd.Index([int(y) for y in df.columns], name="year")
        df.attrs["incomplete"] = incomplete
        return df

    def __repr__(self) -> str:
        return (
            f"NationalInventory(synthetic, seed={self.seed}, {len(self)} municipalities, "
            f"{len(self._sectors)} sectors, {self.years[0]}-{self.years[-1]})"
        )


def generate(seed: int = 2024, *, codes: Optional[Iterable[str]] = None, **kwargs: Any) -> NationalInventory:
    """The synthetic national inventory for ``seed`` (all 357 municipalities,
    or ``codes``). See the module doc: the numbers are synthetic."""
    return NationalInventory(seed, codes=codes, **kwargs)


#: Synthetic national measures (relative cuts by sector), for scenarios on the
#: generated inventory. Illustrative, not anybody's adopted plan.
_MEASURES = [
    # id, sector, cut by full_year, start, full, status, name
    ("N1", "Veitrafikk", 0.35, 2025, 2030, "adopted", "Zero-emission cars, vans and buses"),
    ("N2", "Oppvarming", 0.60, 2025, 2028, "adopted", "No fossil heating"),
    ("N3", "Annen mobil forbrenning", 0.40, 2025, 2030, "proposed", "Fossil-free building sites and machinery"),
    ("N4", "Sjøfart", 0.30, 2026, 2030, "proposed", "Shore power and zero-emission ferries"),
    ("N5", "Avfall og avløp", 0.20, 2026, 2030, "proposed", "Carbon capture at waste incineration (part)"),
]


def synthetic_measures(sectors: Optional[Sequence[str]] = None) -> Measures:
    """Illustrative national measures (relative cuts of whole sectors,
    ramped in linearly, adopted or proposed), so that the standard scenarios
    (baseline, adopted, adopted + proposed) differ on the generated
    inventory. Measures whose sector is not in ``sectors`` (when given) are
    left out. Synthetic: not a published plan."""
    out = []
    for mid, sector, cut, start, full, status, name in _MEASURES:
        if sectors is not None and sector not in sectors:
            continue
        out.append(
            Measure.cut(
                mid,
                cut,
                name=name,
                sectors=[sector],
                start_year=start,
                full_year=full,
                status=status,
                notes="synthetic (ghgtrack.national)",
            )
        )
    return Measures(out)


def illustrative_uncertainty(sectors: Sequence[str]) -> pd.DataFrame:
    """Illustrative uncertainties per sector (half the 95 % interval, % of the
    value, as IPCC 2006 Vol. 1 Ch. 3 tabulates them) for Monte Carlo runs on
    the generated inventory: 10 % for activity data and 10 % for emission
    factors in every sector, 50 % / 50 % for agriculture and waste (whose
    emissions are modelled rather than measured). The generator's choice, not
    an assessment of Miljødirektoratet's accounts."""
    rows = []
    for s in sectors:
        wide = s.lower().startswith(("jordbruk", "avfall"))
        rows.append(
            {"sector": s, "ad_uncertainty_pct": 50.0 if wide else 10.0, "ef_uncertainty_pct": 50.0 if wide else 10.0}
        )
    return pd.DataFrame(rows).set_index("sector")


# -- the command line: ``ghgtrack national`` ------------------------------------------------

#: The JSON contract of ``ghgtrack national --json`` (schemas/national.schema.json).
NATIONAL_SCHEMA = "ghgtrack.national/1"


def add_national_subcommand(sub: Any) -> None:
    """Adds ``ghgtrack national`` (a national ensemble on the synthetic
    inventory, here or on a Dask cluster) to the CLI's subparsers."""
    import argparse

    n = sub.add_parser(
        "national",
        help="a national ensemble (every municipality x scenarios x Monte Carlo) on the SYNTHETIC national inventory",
    )
    n.add_argument("--seed", type=int, default=2024, help="seed of the synthetic inventory (default 2024)")
    n.add_argument("--codes", help="municipality codes, comma-separated (default: all 357)")
    n.add_argument("--target", default="2030:-55%", help="target vs --base-year (default 2030:-55%%)")
    n.add_argument("--base-year", type=int, default=2009, help="base year of the target (default 2009)")
    n.add_argument("--iterations", type=int, default=10_000, help="Monte Carlo iterations per scenario (10000)")
    n.add_argument("--mc-seed", type=int, default=20091, help="seed of the Monte Carlo (default 20091)")
    n.add_argument("--partition-size", type=int, default=32, help="municipalities per task (default 32)")
    where = n.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, help="start a local Dask cluster with this many worker processes")
    where.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://host:8786")
    n.add_argument("--out", help="write the per-municipality summary as CSV to this file ('-': stdout)")
    n.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: only when stderr is a terminal)",
    )
    n.add_argument("--json", action="store_true", help=f"machine-readable output (schema {NATIONAL_SCHEMA})")
    n.set_defaults(func=_cmd_national)


def _client_for(args: Any) -> Any:
    if args.workers is None and args.scheduler is None:
        return None, None
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:  # the dask extra
        raise _core.ArgumentError("--workers and --scheduler need Dask: pip install 'ghgtrack[dask]'") from e
    if args.scheduler:
        return Client(args.scheduler), None
    if args.workers < 1:
        raise _core.ArgumentError(f"--workers must be at least 1, not {args.workers}")
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None)
    return Client(cluster), cluster


def _cmd_national(args: Any) -> int:
    import sys

    from . import __version__, _json, distributed
    from .tracking import Target

    codes = None if not args.codes else [c.strip() for c in args.codes.split(",") if c.strip()]
    nat = generate(args.seed, codes=codes)
    target = Target.parse(args.target, base_year=args.base_year)
    client, cluster = _client_for(args)
    try:
        e = distributed.ensemble(
            nat,
            target,
            synthetic_measures(nat.sectors),
            uncertainty=illustrative_uncertainty(nat.sectors),
            iterations=args.iterations,
            seed=args.mc_seed,
            partition_size=args.partition_size,
            client=client,
            progress=args.progress,
        )
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    summary = e.summary.reset_index()
    summary.insert(1, "name", [nat.name(c) for c in summary["municipality"]])
    status = e.tracking.summary["status"].astype(str)
    final = int(target.final_year)
    if args.out:
        dest = sys.stdout if args.out == "-" else args.out
        summary.to_csv(dest, index=False, float_format="%.6g")
        if args.out == "-":
            return 0
    by_scenario = summary.groupby("scenario", sort=False)
    if args.json:
        _json.dump(
            {
                "schema": NATIONAL_SCHEMA,
                "ghgtrack_version": __version__,
                "synthetic": True,
                "unit": "t CO2e",
                "metric": nat.metric,
                "target": str(target),
                "target_year": final,
                "settings": e.settings,
                "municipalities": len(nat),
                "status_counts": {str(k): int(v) for k, v in status.value_counts().items()},
                "scenarios": [
                    {
                        "scenario": str(name),
                        "tonnes_co2e_target_year_mean": float(g["latest_mean"].sum()),
                        "probability_met_mean": float(g["probability_met"].mean()),
                        "municipalities_likely_met": int((g["probability_met"] >= 0.5).sum()),
                    }
                    for name, g in by_scenario
                ],
            },
            sys.stdout,
        )
        return 0
    print(
        f"National ensemble on the SYNTHETIC inventory (seed {args.seed}; see ghgtrack.national): "
        f"{len(nat)} municipalities, target {target}"
    )
    print("Tracking of the data: " + ", ".join(f"{k} {v}" for k, v in status.value_counts().items()))
    print(f"{'scenario':<22}{'t CO2e ' + str(final) + ' (sum of means)':>32}{'mean P(met)':>14}{'P(met) >= 50 %':>17}")
    for name, g in by_scenario:
        print(
            f"{name:<22}{g['latest_mean'].sum():>32,.0f}{g['probability_met'].mean():>14.1%}"
            f"{int((g['probability_met'] >= 0.5).sum()):>17}"
        )
    return 0
