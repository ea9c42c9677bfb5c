"""What it costs: cost per tonne, MAC curves, the cheapest portfolio.

Every rule lives in C++ (``include/ghgtrack/cost.hpp``, ``mac.hpp``,
``portfolio.hpp``; docs/costs.md): present values, the three cost-per-tonne
conventions, the MAC variants, the submodular cuts, the exact check with the
scenario engine, brute force and Monte Carlo. This module adapts: keyword
arguments, pandas frames, a matplotlib chart, the HiGHS MILP solver (PyPI
``highspy``) in the cutting-plane loop, and the "what it costs" report
section (text, HTML, JSON payload).

Defaults: real discount rate 4 % (Finansdepartementet, circular R-109/2021,
section 5); cost per tonne = PV(costs) / PV(abated tonnes), the discounted
tonnes of Klimakur 2030 (Miljødirektoratet M-1625, ch. 3).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _core
from .inventory import Inventory
from .planning import Measure, Measures, _cores, _text

#: The default real discount rate (Finansdepartementet, R-109/2021).
DEFAULT_DISCOUNT_RATE: float = _core.default_discount_rate

CONVENTIONS = ("discounted_tonnes", "undiscounted_tonnes", "annualised")


_COST_FIELDS = (
    "investment",
    "operating_cost",
    "lifetime",
    "discount_rate",
    "cost_low",
    "cost_high",
    "cost_class",
    "currency",
    "price_year",
)


def with_costs(measures: Sequence[Measure], costs: Dict[str, Dict[str, Any]]) -> Measures:
    """Copies of ``measures`` with cost fields set, per measure id:
    ``{"2": {"cost_class": ">1500", "currency": "NOK"}, ...}``. Fields:
    investment ({year: amount}), operating_cost, lifetime, discount_rate,
    cost_low, cost_high, cost_class, currency, price_year. Validated like a
    measures-table row; an unknown id or field is an ArgumentError."""
    ids = {m.id for m in measures}
    for mid, fields in costs.items():
        if mid not in ids:
            raise _core.ArgumentError(f"with_costs: no measure {mid!r}; ids: {', '.join(sorted(ids))}")
        bad = sorted(set(fields) - set(_COST_FIELDS))
        if bad:
            raise _core.ArgumentError(f"with_costs: unknown cost field(s) {bad} (accepted: {', '.join(_COST_FIELDS)})")
    out = []
    for m in measures:
        d = m.to_dict()
        for k, v in costs.get(m.id, {}).items():
            d[k] = _text(v)
        out.append(Measure._wrap(_core.measure_from_fields(list(d.items()), f"with_costs({m.id!r})")))
    return Measures(out, getattr(measures, "origin", ""), getattr(measures, "stated_totals", None))


def _cost_kwargs(
    base_year: Optional[int],
    discount_rate: Optional[float],
    convention: str,
    first_year: Optional[int],
    last_year: Optional[int],
    year: Optional[int],
) -> Dict[str, Any]:
    return {
        "base_year": base_year,
        "discount_rate": discount_rate,
        "convention": convention,
        "first_year": first_year,
        "last_year": last_year,
        "year": year,
    }


_COST_COLUMNS = [
    "basis",
    "cost_per_t",
    "low",
    "high",
    "cost_class",
    "pv_cost",
    "pv_cost_low",
    "pv_cost_high",
    "pv_tonnes",
    "tonnes",
    "annual_tonnes",
    "annualised_cost",
    "currency",
    "price_year",
    "discount_rate",
    "first_year",
    "last_year",
]


def _cost_row(d: Dict[str, Any]) -> Dict[str, Any]:
    row = {k: d[k] for k in _COST_COLUMNS if k in d}
    row["cost_per_t"] = d["per_tonne"]
    return row


def cost_table(
    baseline: Inventory,
    measures: Sequence[Measure],
    *,
    statuses: Optional[Sequence[str]] = None,
    base_year: Optional[int] = None,
    discount_rate: Optional[float] = None,
    convention: str = "discounted_tonnes",
    first_year: Optional[int] = None,
    last_year: Optional[int] = None,
    year: Optional[int] = None,
) -> pd.DataFrame:
    """Each measure's present-value cost and cost per tonne (index: measure id).

    Tonnes are the measure alone on ``baseline``. ``convention``:
    ``"discounted_tonnes"`` (default), ``"undiscounted_tonnes"`` or
    ``"annualised"`` (in ``year``). ``basis`` says where the cost comes from
    (cash flows, range, class, none); measures without a cost or effect are
    kept with NaN, never zero."""
    r = _core.cost_table(
        baseline._core,
        _cores(measures),
        None if statuses is None else list(statuses),
        **_cost_kwargs(base_year, discount_rate, convention, first_year, last_year, year),
    )
    rows = []
    for i, d in zip(r["measures"], r["costs"]):
        rows.append({"measure": measures[i].id, "name": measures[i].name, "quantified": True, **_cost_row(d)})
    for i in r["unquantified"]:
        rows.append({"measure": measures[i].id, "name": measures[i].name, "quantified": False, "basis": "none"})
    df = pd.DataFrame(rows, columns=["measure", "name", "quantified", *_COST_COLUMNS]).set_index("measure")
    df.attrs["convention"] = convention
    return df


def mac_curve(
    baseline: Inventory,
    measures: Sequence[Measure],
    *,
    variant: str = "shapley",
    year: Optional[int] = None,
    period: Optional[Tuple[int, int]] = None,
    statuses: Optional[Sequence[str]] = None,
    base_year: Optional[int] = None,
    discount_rate: Optional[float] = None,
    convention: str = "discounted_tonnes",
    first_year: Optional[int] = None,
    last_year: Optional[int] = None,
    threads: int = 1,
) -> pd.DataFrame:
    """The MAC curve: one row per bar, cheapest first.

    ``variant``: ``"standalone"`` (each alone; widths overcount overlap),
    ``"sequential"`` (each given all cheaper ones, LEAP's way) or
    ``"shapley"`` (order-independent shares; default). Width = t CO2e abated
    in ``year`` (default the baseline's last) or summed over ``period``
    (first, last). Columns: measure, name, x0, width, cost_per_t, low, high
    (the height and its range), alone (standalone width), pv_cost, basis,
    cost_class, currency, price_year. ``.attrs``: variant, combined,
    unquantified and uncosted (ids, listed, never drawn)."""
    pf, pl = (None, None) if period is None else (int(period[0]), int(period[1]))
    r = _core.mac_curve(
        baseline._core,
        _cores(measures),
        variant,
        year,
        pf,
        pl,
        None if statuses is None else list(statuses),
        int(threads),
        **_cost_kwargs(base_year, discount_rate, convention, first_year, last_year, None),
    )
    rows = []
    for b in r["bars"]:
        m = measures[b["measure"]]
        rows.append(
            {
                "measure": m.id,
                "name": m.name,
                "x0": b["x0"],
                "width": b["width"],
                "cost_per_t": b["height"],
                "low": b["height_low"],
                "high": b["height_high"],
                "alone": b["alone"],
                "pv_cost": b["pv_cost"],
                "basis": b["basis"],
                "cost_class": b["cost_class"],
                "currency": b["currency"],
                "price_year": b["price_year"],
            }
        )
    cols = ["measure", "name", "x0", "width", "cost_per_t", "low", "high", "alone", "pv_cost", "basis"]
    df = pd.DataFrame(rows, columns=[*cols, "cost_class", "currency", "price_year"])
    df.attrs.update(
        variant=r["variant"],
        combined=r["combined"],
        unquantified=[measures[i].id for i in r["unquantified"]],
        uncosted=[measures[i].id for i in r["uncosted"]],
        unit="t CO2e",
        convention=convention,
    )
    return df


def plot_mac(curve: pd.DataFrame, *, ax: Any = None, title: Optional[str] = None, label: bool = True) -> Any:
    """Draws a MAC curve from :func:`mac_curve`: bars of width = abatement
    and height = cost per tonne; where the cost is a range, a vertical line
    from low to high (an open end is drawn as an arrow to the axis edge)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.5))
    h = curve["cost_per_t"].to_numpy(dtype=float)
    x0 = curve["x0"].to_numpy(dtype=float)
    w = curve["width"].to_numpy(dtype=float)
    colors = plt.get_cmap("viridis")(np.linspace(0.1, 0.9, max(1, len(curve))))
    ax.bar(x0, h, width=w, align="edge", color=colors, edgecolor="white", linewidth=0.5)
    lo = curve["low"].to_numpy(dtype=float)
    hi = curve["high"].to_numpy(dtype=float)
    top = np.nanmax(np.concatenate([h, hi, [0.0]])) if len(curve) else 1.0
    for xc, a, b, p in zip(x0 + w / 2, lo, hi, h):
        if math.isnan(a) and math.isnan(b):
            continue
        a2 = min(0.0, p) if math.isnan(a) else a
        b2 = top * 1.05 if math.isnan(b) else b
        if a2 != b2:
            ax.plot([xc, xc], [a2, b2], color="black", linewidth=0.8)
    if label and len(curve) <= 30:
        for xc, p, mid in zip(x0 + w / 2, h, curve["measure"]):
            ax.annotate(str(mid), (xc, p), fontsize=6, ha="center", va="bottom", rotation=90)
    cur = next((c for c in curve.get("currency", []) if c), "")
    ax.set_xlabel(f"abatement ({curve.attrs.get('unit', 't CO2e')})")
    ax.set_ylabel(f"cost per t CO2e ({cur or 'currency'})")
    ax.axhline(0.0, color="grey", linewidth=0.5)
    ax.set_title(title or f"MAC curve ({curve.attrs.get('variant', '')})")
    return ax


# -- cheapest portfolio -------------------------------------------------------------


@dataclass
class PortfolioChoice:
    """The cheapest portfolio found, checked with the exact scenario engine."""

    selected: List[str]
    pv_cost: float
    table: pd.DataFrame
    feasible: bool
    reduction: Dict[str, float]
    need: Dict[str, float]
    method: str
    rounds: int
    unquantified: List[str] = field(default_factory=list)
    uncosted: List[str] = field(default_factory=list)
    note: str = ""
    problem: Any = None
    x: List[int] = field(default_factory=list)
    #: Share of each selected measure adopted (1.0 = whole; below 1 only
    #: with partial adoption, ``steps`` > 1 or ``max_share``).
    shares: Dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"PortfolioChoice({len(self.selected)} measures, PV cost {self.pv_cost:,.0f}, "
            f"feasible={self.feasible}, {self.method}, {self.rounds} rounds)"
        )


_NOTE = (
    "Exact: the MILP keeps only linear cuts that over-estimate the combined reduction (valid for the "
    "submodular reduction function, Nemhauser & Wolsey 1981); a solution is accepted only when the exact "
    "scenario engine confirms it meets the goal, so the cost is optimal up to the solver's MIP gap."
)


def _problem(
    baseline: Inventory,
    measures: Sequence[Measure],
    target_year: Optional[int],
    level: Optional[float],
    budget: Optional[Tuple[int, int, float]],
    caps: Optional[Dict[int, float]],
    cost_kwargs: Dict[str, Any],
    steps: int = 1,
    max_share: Optional[Dict[str, float]] = None,
) -> Any:
    given = sum(x is not None for x in (level, budget, caps))
    if given != 1:
        raise _core.ArgumentError(
            "cheapest_portfolio: give exactly one goal: target_year= and level= (t CO2e), "
            "budget=(first_year, last_year, t CO2e), or caps={year: t CO2e}"
        )
    cores = _cores(measures)
    cost_kwargs = dict(
        cost_kwargs, steps=int(steps), max_share=[(str(k), float(v)) for k, v in (max_share or {}).items()]
    )
    if level is not None:
        if target_year is None:
            raise _core.ArgumentError("cheapest_portfolio: level= needs target_year=")
        return _core.PortfolioProblem(
            baseline._core, cores, "target", target_year=int(target_year), level=float(level), **cost_kwargs
        )
    if budget is not None:
        first, last, amount = budget
        return _core.PortfolioProblem(
            baseline._core,
            cores,
            "budget",
            budget_first=int(first),
            budget_last=int(last),
            level=float(amount),
            **cost_kwargs,
        )
    assert caps is not None
    return _core.PortfolioProblem(
        baseline._core, cores, "caps", caps=[(int(y), float(v)) for y, v in sorted(caps.items())], **cost_kwargs
    )


def _solve_highs(p: Any, max_rounds: int, mip_rel_gap: float) -> Tuple[List[int], int]:
    import highspy

    n = p.n
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    # One solver thread: HiGHS's worker threads spin, which costs far more than
    # they give on a busy machine; the MILPs here are small.
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    c = np.asarray(p.objective, dtype=float)
    h.addCols(n, c, np.zeros(n), np.ones(n), 0, np.array([], dtype=np.int32), np.array([], dtype=np.int32), [])
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
    need = np.asarray(p.need, dtype=float)

    def add(cuts: Any) -> None:
        for row, coef, rhs in cuts:
            coef = np.asarray(coef, dtype=float)
            idx = np.nonzero(coef)[0].astype(np.int32)
            # need <= rhs + coef.x   <=>   coef.x >= need - rhs
            h.addRow(float(need[row] - rhs), highspy.kHighsInf, len(idx), idx, coef[idx])

    add(p.cuts([0] * n, list(range(len(need)))))
    # Slices of one measure are interchangeable: take them in order
    # (x[v] >= x[v+1]), which removes symmetric copies of each solution.
    owner = list(p.owner)
    for v in range(n - 1):
        if owner[v] == owner[v + 1]:
            h.addRow(0.0, highspy.kHighsInf, 2, np.array([v, v + 1], dtype=np.int32), np.array([1.0, -1.0]))
    for rounds in range(1, max_rounds + 1):
        h.run()
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise _core.NoSolutionError(
                f"cheapest_portfolio: the MILP solver stopped with {h.modelStatusToString(status)}"
            )
        x = [int(round(v)) for v in h.getSolution().col_value]
        chk = p.check(x)
        if chk["feasible"]:
            return x, rounds
        red = np.asarray(chk["reduction"])
        add(p.cuts(x, [k for k in range(len(need)) if red[k] < need[k]]))
    raise _core.NoSolutionError(f"cheapest_portfolio: no confirmed portfolio after {max_rounds} rounds of cuts")


def cheapest_portfolio(
    baseline: Inventory,
    measures: Sequence[Measure],
    *,
    target_year: Optional[int] = None,
    level: Optional[float] = None,
    budget: Optional[Tuple[int, int, float]] = None,
    caps: Optional[Dict[int, float]] = None,
    method: str = "milp",
    max_rounds: int = 500,
    mip_rel_gap: float = 1e-9,
    base_year: Optional[int] = None,
    discount_rate: Optional[float] = None,
    convention: str = "discounted_tonnes",
    first_year: Optional[int] = None,
    last_year: Optional[int] = None,
    steps: int = 1,
    max_share: Optional[Dict[str, float]] = None,
) -> PortfolioChoice:
    """The least-PV-cost set of measures that meets ONE goal:

    - ``target_year=`` and ``level=``: the scenario total in that year at or
      below ``level`` (t CO2e);
    - ``budget=(first_year, last_year, t)``: cumulative emissions within it;
    - ``caps={year: t}``: every annual cap met.

    Overlap is counted by the scenario engine. ``method="milp"`` solves with
    HiGHS (``highspy``) in a cutting-plane loop that is exact (see
    ``.note``); ``method="brute_force"`` enumerates every subset (<= 25
    candidates). Every returned portfolio is checked with the exact engine
    (``.feasible``). Nothing can meet the goal: NoSolutionError "even all N
    measures leave a gap of X t in YEAR". Measures without a quantified
    effect or a cost are not candidates; they are listed.

    Measures are taken whole by default. Partial adoption: ``steps=10``
    lets each measure be adopted in tenths of its largest share, and
    ``max_share={"id": 0.6}`` caps a measure's share (default 1); a measure
    at share s has its effect scaled by s and costs s times its PV cost
    (``.shares``). The stepped problem is solved exactly; a continuous
    optimum can be cheaper by at most one step of one measure per goal row
    (docs/costs.md)."""
    kw = _cost_kwargs(base_year, discount_rate, convention, first_year, last_year, None)
    p = _problem(baseline, measures, target_year, level, budget, caps, kw, steps, max_share)
    msg = p.infeasibility()
    if msg:
        raise _core.NoSolutionError(msg)
    if method == "milp":
        x, rounds = _solve_highs(p, int(max_rounds), mip_rel_gap)
    elif method == "brute_force":
        r = p.brute_force()
        x, rounds = list(r["selected"]), int(r["evaluated"])
    else:
        raise _core.ArgumentError(f"cheapest_portfolio: unknown method {method!r} (accepted: 'milp', 'brute_force')")
    chk = p.check(x)
    cand = list(p.candidates)
    costs = p.costs
    share = np.asarray(p.shares(x), dtype=float)
    rows = []
    for j, i in enumerate(cand):
        rows.append(
            {
                "measure": measures[i].id,
                "name": measures[i].name,
                "selected": bool(share[j] > 0.0),
                "share": float(share[j]),
                **_cost_row(costs[j]),
            }
        )
    table = pd.DataFrame(rows).set_index("measure") if rows else pd.DataFrame()
    obj = np.asarray(p.objective, dtype=float)
    labels = list(p.row_labels)
    return PortfolioChoice(
        selected=[measures[i].id for j, i in enumerate(cand) if share[j] > 0.0],
        shares={measures[i].id: float(share[j]) for j, i in enumerate(cand) if share[j] > 0.0},
        pv_cost=float(obj @ np.asarray(x, dtype=float)),
        table=table,
        feasible=bool(chk["feasible"]),
        reduction=dict(zip(labels, map(float, chk["reduction"]))),
        need=dict(zip(labels, map(float, chk["need"]))),
        method=method,
        rounds=rounds,
        unquantified=[measures[i].id for i in p.unquantified],
        uncosted=[measures[i].id for i in p.uncosted],
        note=_NOTE if method == "milp" else "Exact: every subset enumerated.",
        problem=p,
        x=list(x),
    )


def portfolio_uncertainty(
    choice: PortfolioChoice,
    *,
    draws: int = 2000,
    seed: int = 1,
    effect_u: float = 0.3,
    cost_u: float = 0.3,
    effect_distribution: str = "lognormal",
    cost_distribution: str = "lognormal",
    threads: int = 1,
) -> Dict[str, Any]:
    """Monte Carlo on the costs and effects of a chosen portfolio (seeded):
    probability of meeting the goal and the PV cost distribution. Effects
    get a multiplier with relative uncertainty ``effect_u`` (half the 95 %
    interval); costs stated as ranges are drawn uniformly in the range,
    point costs with ``cost_u``. Returns probability, cost_mean, cost_p5,
    cost_p50, cost_p95 and the draws (``cost``)."""
    r = choice.problem.monte_carlo(
        choice.x,
        int(draws),
        int(seed),
        float(effect_u),
        effect_distribution,
        float(cost_u),
        cost_distribution,
        int(threads),
    )
    cost = np.asarray(r["cost"])
    return {
        "probability": float(r["probability"]),
        "cost_mean": float(cost.mean()),
        "cost_p5": float(np.quantile(cost, 0.05)),
        "cost_p50": float(np.quantile(cost, 0.5)),
        "cost_p95": float(np.quantile(cost, 0.95)),
        "draws": int(draws),
        "seed": int(seed),
        "effect_u": float(effect_u),
        "cost_u": float(cost_u),
        "cost": cost,
    }


# -- the "what it costs" report section ---------------------------------------------


def has_costs(measures: Sequence[Measure]) -> bool:
    """True when any measure carries a cost (cash flows, a range or a class)."""
    for m in measures:
        c = m._core
        if c.investment or c.operating_cost is not None or c.cost_low is not None or c.cost_high is not None:
            return True
        if c.cost_class:
            return True
    return False


def costs_section(
    baseline: Inventory,
    measures: Sequence[Measure],
    *,
    year: Optional[int] = None,
    variant: str = "shapley",
    discount_rate: Optional[float] = None,
    top: int = 10,
) -> Optional[Dict[str, Any]]:
    """The JSON payload of the report's "what it costs" section, or None
    when no measure carries a cost. Keys: year, variant, discount_rate,
    convention, currency, measures (the MAC bars: id, name, t, cost_per_t,
    low, high, pv_cost, basis, cost_class), total_pv_cost, uncosted,
    unquantified, assumptions."""
    if not has_costs(measures):
        return None
    curve = mac_curve(baseline, measures, variant=variant, year=year, discount_rate=discount_rate)
    rate = DEFAULT_DISCOUNT_RATE if discount_rate is None else float(discount_rate)
    cur = sorted({c for c in curve["currency"] if c})

    def num(v: Any) -> Optional[float]:
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

    bars = [
        {
            "id": r.measure,
            "name": r.name,
            "t": num(r.width),
            "cost_per_t": num(r.cost_per_t),
            "low": num(r.low),
            "high": num(r.high),
            "pv_cost": num(r.pv_cost),
            "basis": r.basis,
            "cost_class": r.cost_class,
        }
        for r in curve.itertuples()
    ]
    return {
        "year": int(year) if year is not None else int(baseline._core.years[-1]),
        "variant": variant,
        "discount_rate": rate,
        "convention": "discounted_tonnes",
        "currency": cur,
        "measures": bars,
        "shown": min(top, len(bars)),
        "total_pv_cost": float(np.nansum(curve["pv_cost"].to_numpy(dtype=float))),
        "total_t": float(curve["width"].sum()),
        "uncosted": list(curve.attrs["uncosted"]),
        "unquantified": list(curve.attrs["unquantified"]),
        "assumptions": (
            f"real discount rate {rate:.1%} (Finansdepartementet R-109/2021 by default); cost per tonne = "
            "PV(costs) / PV(tonnes) (Klimakur 2030, M-1625 ch. 3); widths are "
            f"{variant} shares so overlap is not double counted; stated classes are taken at "
            "250 (<500), the middle (500-1500) and 2000 (>1500) per t"
        ),
    }


def costs_section_text(payload: Optional[Dict[str, Any]]) -> str:
    """The section as terminal text ("" when payload is None)."""
    if not payload:
        return ""
    cur = "/".join(payload["currency"]) or "currency units"
    lines = [f"What it costs ({payload['year']}, {payload['variant']} shares, {cur})"]
    for b in payload["measures"][: payload["shown"]]:
        cpt = "n/a" if b["cost_per_t"] is None else f"{b['cost_per_t']:,.0f}"
        rng = ""
        if b["low"] is not None or b["high"] is not None:
            lo = "…" if b["low"] is None else f"{b['low']:,.0f}"
            hi = "…" if b["high"] is None else f"{b['high']:,.0f}"
            rng = f" [{lo}-{hi}]"
        t = 0.0 if b["t"] is None else b["t"]
        lines.append(f"  {b['id']:<8} {b['name'][:40]:<40} {t:>12,.0f} t  {cpt:>8}{rng} per t")
    more = len(payload["measures"]) - payload["shown"]
    if more > 0:
        lines.append(f"  ... and {more} more")
    lines.append(f"  total PV cost {payload['total_pv_cost']:,.0f} for {payload['total_t']:,.0f} t")
    if payload["uncosted"]:
        lines.append(f"  without a cost: {', '.join(payload['uncosted'])}")
    if payload["unquantified"]:
        lines.append(f"  without a quantified effect: {', '.join(payload['unquantified'])}")
    lines.append(f"  assumptions: {payload['assumptions']}")
    return "\n".join(lines)


def costs_section_html(payload: Optional[Dict[str, Any]]) -> str:
    """The section as an HTML fragment ("" when payload is None)."""
    if not payload:
        return ""
    e = html.escape
    cur = "/".join(payload["currency"]) or "currency units"
    rows = []
    for b in payload["measures"][: payload["shown"]]:

        def f(v: Optional[float]) -> str:
            return "" if v is None else f"{v:,.0f}"

        rows.append(
            f"<tr><td>{e(b['id'])}</td><td>{e(b['name'])}</td><td>{f(b['t'])}</td><td>{f(b['cost_per_t'])}</td>"
            f"<td>{f(b['low'])}&ndash;{f(b['high'])}</td><td>{e(b['basis'])}</td></tr>"
        )
    extra = ""
    if payload["uncosted"]:
        extra += f"<p>Without a cost: {e(', '.join(payload['uncosted']))}</p>"
    if payload["unquantified"]:
        extra += f"<p>Without a quantified effect: {e(', '.join(payload['unquantified']))}</p>"
    return (
        f'<section class="costs"><h2>What it costs ({payload["year"]})</h2>'
        f"<table><thead><tr><th>measure</th><th>name</th><th>t CO2e</th><th>{e(cur)}/t</th><th>range</th>"
        f"<th>basis</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p>Total PV cost {payload['total_pv_cost']:,.0f} for {payload['total_t']:,.0f} t.</p>{extra}"
        f"<p><small>{e(payload['assumptions'])}</small></p></section>"
    )
