# Type stubs for the compiled module ghgtrack._core.
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np
import numpy.typing as npt

__version__: str

class UnknownGasError(ValueError): ...
class UnknownMetricError(ValueError): ...
class MissingGwpError(ValueError): ...
class ShapeError(ValueError): ...
class ArgumentError(ValueError): ...
class NoSolutionError(ValueError): ...
class IoError(OSError): ...

def gwp(gas: str, metric: str) -> float: ...
def has_gwp(gas: str, metric: str) -> bool: ...
def gases() -> List[str]: ...
def metrics() -> List[str]: ...
def gas_name(gas: str) -> str: ...
def is_basket(gas: str) -> bool: ...
def members(gas: str) -> List[str]: ...
def to_co2e_array(
    tonnes: npt.ArrayLike, gas: str, metric: str, out: Optional[np.ndarray] = ..., threads: int = ...
) -> np.ndarray: ...
def from_co2e_array(
    tonnes_co2e: npt.ArrayLike, gas: str, metric: str, out: Optional[np.ndarray] = ..., threads: int = ...
) -> np.ndarray: ...
def convert_co2e_array(
    tonnes_co2e: npt.ArrayLike,
    gas: str,
    from_metric: str,
    to_metric: str,
    out: Optional[np.ndarray] = ...,
    threads: int = ...,
) -> np.ndarray: ...
def metric_name(metric: str) -> str: ...

class InputError(ValueError):
    origin: str
    row: int
    column: str
    value: str

class UnknownLabelError(KeyError): ...
class IncompatibleError(ValueError): ...

def input_error(origin: Union[str, bytes], row: int, column: str, value: str, problem: str) -> InputError: ...

class AggregateFlag:
    INCOMPLETE: AggregateFlag
    NO_VALUE: AggregateFlag
    NOT_FINITE: AggregateFlag
    def __int__(self) -> int: ...
    def __and__(self, other: Any) -> int: ...
    def __or__(self, other: Any) -> int: ...

def notation_names() -> List[str]: ...
def unknown_notation_codes() -> List[int]: ...
def notation_code(name: str) -> Optional[int]: ...
def tidy_columns() -> List[str]: ...

ACCEPTED_CO2E_UNITS: str

class Inventory:
    @staticmethod
    def from_cells(
        header: List[str],
        columns: List[Any],
        origin: Union[str, bytes],
        metric: Optional[str] = ...,
        rows: Optional[npt.ArrayLike] = ...,
        delimiter: str = ...,
    ) -> Inventory: ...
    @property
    def categories(self) -> List[Tuple[str, str]]: ...
    @property
    def gases(self) -> List[str]: ...
    @property
    def years(self) -> List[int]: ...
    @property
    def sectors(self) -> List[str]: ...
    @property
    def sources(self) -> List[str]: ...
    @property
    def metric(self) -> Optional[str]: ...
    @property
    def values(self) -> np.ndarray: ...
    @property
    def keys(self) -> np.ndarray: ...
    def tidy_row_mask(self) -> np.ndarray: ...
    def total(self) -> Tuple[List[str], List[int], np.ndarray, np.ndarray]: ...
    def by_sector(self) -> Tuple[List[str], List[int], np.ndarray, np.ndarray]: ...
    def by_category(self) -> Tuple[List[str], List[int], np.ndarray, np.ndarray]: ...
    def by_gas(self) -> Tuple[List[str], List[int], np.ndarray, np.ndarray]: ...
    def select(
        self,
        years: Optional[List[int]] = ...,
        sectors: Optional[List[str]] = ...,
        gases: Optional[List[str]] = ...,
        sources: Optional[List[str]] = ...,
    ) -> Inventory: ...
    def restated(self, metric: str) -> Inventory: ...
    def to_csv_text(self) -> str: ...
    def to_csv(self, path: str) -> None: ...

def read_csv(path: Union[str, bytes], threads: int = ..., metric: Optional[str] = ...) -> Inventory: ...
def read_csv_text(
    text: str, origin: Union[str, bytes] = ..., threads: int = ..., metric: Optional[str] = ...
) -> Inventory: ...
def merge(parts: List[Inventory], names: List[str] = ...) -> Inventory: ...
def read_miljodirektoratet(
    path: Union[str, bytes],
    municipalities: List[str],
    several: bool,
    metric: Optional[str],
    check: bool,
    threads: int = ...,
) -> Tuple[List[Tuple[str, str]], bool, List[Tuple[str, Inventory, Optional[Dict[str, Any]], List[str]]]]: ...

class SegmentShape:
    linear: SegmentShape
    constant_rate: SegmentShape
    logistic: SegmentShape
    def __init__(self, name: str) -> None: ...
    @property
    def value(self) -> int: ...

class CumulativeConvention:
    annual_sum: CumulativeConvention
    trapezoid: CumulativeConvention
    def __init__(self, name: str) -> None: ...
    @property
    def value(self) -> int: ...

class SeriesFill:
    none: SeriesFill
    hold: SeriesFill
    trend: SeriesFill
    def __init__(self, name: str) -> None: ...
    @property
    def value(self) -> int: ...

class TargetKind:
    absolute: TargetKind
    per_capita: TargetKind
    intensity: TargetKind
    net_zero: TargetKind
    def __init__(self, name: str) -> None: ...
    @property
    def value(self) -> int: ...

class PathwayFamily:
    linear: PathwayFamily
    constant_rate: PathwayFamily
    s_curve: PathwayFamily
    budget: PathwayFamily
    def __init__(self, name: str) -> None: ...
    @property
    def value(self) -> int: ...

class Status:
    on_track: Status
    at_risk: Status
    off_track: Status
    @property
    def value(self) -> int: ...

class RunOutState:
    runs_out: RunOutState
    never: RunOutState
    overspent: RunOutState
    no_trend: RunOutState
    @property
    def value(self) -> int: ...

class BudgetRunOut:
    @property
    def state(self) -> RunOutState: ...
    @property
    def year(self) -> int: ...

def parse_change(text: str) -> float: ...
def check_change(change: float) -> float: ...
def whole_year(year: float) -> int: ...

class Pathway:
    @staticmethod
    def linear(start_year: float, start_value: float, end_year: float, end_value: float) -> Pathway: ...
    @staticmethod
    def constant_rate(start_year: float, start_value: float, rate: float) -> Pathway: ...
    @staticmethod
    def constant_rate_to(start_year: float, start_value: float, end_year: float, end_value: float) -> Pathway: ...
    @staticmethod
    def s_curve(
        start_year: float,
        start_value: float,
        end_year: float,
        end_value: float,
        midpoint: Optional[float] = ...,
        steepness: Optional[float] = ...,
    ) -> Pathway: ...
    @staticmethod
    def through(years: List[float], values: List[float], shape: SegmentShape = ...) -> Pathway: ...
    @staticmethod
    def from_budget(
        start_year: float,
        start_value: float,
        budget: float,
        last_year: Optional[int] = ...,
        convention: CumulativeConvention = ...,
    ) -> Pathway: ...
    @staticmethod
    def continued(years: List[float], values: List[float], future: Pathway) -> Pathway: ...
    def at(self, year: float) -> float: ...
    def evaluate(self, years: npt.ArrayLike) -> np.ndarray: ...
    def cumulative(self, first: int, last: int, convention: CumulativeConvention = ...) -> float: ...
    def year_reaching(self, level: float) -> Optional[float]: ...
    @property
    def start_year(self) -> float: ...
    @property
    def start_value(self) -> float: ...
    @property
    def tail_rate(self) -> Optional[float]: ...
    @property
    def anchors(self) -> List[Tuple[float, float]]: ...

def required_rate(start_year: float, start_value: float, end_year: float, end_value: float) -> float: ...
def rate_for_budget(
    start_year: float,
    start_value: float,
    budget: float,
    last_year: Optional[int] = ...,
    convention: CumulativeConvention = ...,
) -> float: ...
def budget_of_rate(
    start_year: float,
    start_value: float,
    rate: float,
    last_year: Optional[int] = ...,
    convention: CumulativeConvention = ...,
) -> float: ...
def annual_rate(start_year: float, start_value: float, end_year: float, end_value: float) -> float: ...
def interpolate(years: List[float], values: List[float], at: List[float], fill: SeriesFill = ...) -> List[float]: ...
def evaluate_many(
    kind: PathwayFamily,
    start_year: float,
    start_values: npt.ArrayLike,
    end_year: float,
    end_values: npt.ArrayLike,
    years: npt.ArrayLike,
    threads: int = ...,
) -> np.ndarray: ...

class Target:
    def __init__(
        self,
        *,
        base_year: Optional[int] = ...,
        base_value: Optional[float] = ...,
        kind: TargetKind = ...,
        sector: str = ...,
        name: str = ...,
    ) -> None: ...
    def add_change(self, year: int, change: float | str) -> Target: ...
    def add_cut(self, year: int, cut: float | str) -> Target: ...
    def add_level(self, year: int, level: float) -> Target: ...
    def validate(self) -> None: ...
    @staticmethod
    def parse(text: str, base_year: int, base_value: Optional[float] = ...) -> Target: ...
    @staticmethod
    def net_zero(
        year: int, removals: float, residual: Optional[float] = ..., base_year: Optional[int] = ...
    ) -> Target: ...
    base_year: Optional[int]
    base_value: Optional[float]
    kind: TargetKind
    sector: str
    name: str
    @property
    def goals(self) -> List[Tuple[int, bool, Optional[float], Optional[float]]]: ...
    @property
    def years(self) -> List[int]: ...
    @property
    def final_year(self) -> int: ...
    @property
    def relative(self) -> bool: ...
    def milestones(self, base_value: float, scale: List[Tuple[int, float]] = ...) -> List[Tuple[int, float]]: ...
    def describe(self) -> str: ...

class TrendFit:
    @property
    def log_scale(self) -> bool: ...
    @property
    def intercept(self) -> float: ...
    @property
    def slope(self) -> float: ...
    @property
    def slope_se(self) -> float: ...
    @property
    def residual_sd(self) -> float: ...
    @property
    def x_mean(self) -> float: ...
    @property
    def sxx(self) -> float: ...
    @property
    def n(self) -> int: ...
    def t_quantile(self, level: float) -> float: ...
    def predict(self, year: float) -> float: ...
    def prediction_interval(self, year: float, level: float = ...) -> Tuple[float, float]: ...
    def slope_interval(self, level: float = ...) -> Tuple[float, float]: ...
    def rate(self) -> float: ...
    def rate_interval(self, level: float = ...) -> Tuple[float, float]: ...
    def year_reaching(self, level: float) -> Optional[float]: ...
    def predict_many(self, years: List[float], level: float = ...) -> Dict[str, List[float]]: ...
    def to_dict(self, level: float = ...) -> Dict[str, Any]: ...
    def to_frame(self, years: List[float], level: float = ...) -> Any: ...
    def __getitem__(self, key: str) -> Any: ...

def fit_trend(
    years: List[float], values: List[float], log_scale: bool, level: float = ..., predict_years: List[float] = ...
) -> TrendFit: ...

class TrackingResult:
    base_year: int
    base_value: float
    milestones: List[Tuple[int, float]]
    pathway: Pathway
    fit: Optional[TrendFit]
    years: List[int]
    actual: List[float]
    pathway_value: List[float]
    gap: List[float]
    gap_pct: List[float]
    latest_year: int
    latest_value: float
    compound_rate: Optional[float]
    fitted_rate: Optional[float]
    fitted_rate_lo: Optional[float]
    fitted_rate_hi: Optional[float]
    upcoming: List[Tuple[int, float]]
    required_rates: List[float]
    year_reached: Optional[float]
    year_reached_whole: Optional[int]
    reached_in_time: bool
    budget: float
    spent: float
    remaining: float
    interpolated_years: List[int]
    run_out: BudgetRunOut
    nowcast_years: List[int]
    nowcast: List[float]
    nowcast_lo: List[float]
    nowcast_hi: List[float]
    projected_years: List[int]
    projected: List[float]
    projected_pathway: List[float]
    projected_gap: List[float]
    projected_year_met: Optional[int]
    projected_gap_in_target_year: Optional[float]
    status: Status
    def to_frame(self) -> Any: ...
    def to_dict(self) -> Dict[str, Any]: ...

def track(
    years: List[int],
    values: List[float],
    target: Target,
    shape: SegmentShape = ...,
    convention: CumulativeConvention = ...,
    nowcast_until: int = ...,
    level: float = ...,
    scale: List[Tuple[int, float]] = ...,
    last_actual_year: Optional[int] = ...,
) -> TrackingResult: ...

class BatchTracking:
    pathway: np.ndarray
    gap: np.ndarray
    compound_rate: np.ndarray
    fitted_rate: np.ndarray
    required_rate: np.ndarray
    year_reached: np.ndarray
    budget: np.ndarray
    spent: np.ndarray
    remaining: np.ndarray
    run_out_year: np.ndarray
    status: List[Status]
    run_out: List[RunOutState]
    @property
    def status_code(self) -> npt.NDArray[np.int8]: ...
    @property
    def run_out_code(self) -> npt.NDArray[np.int8]: ...

def track_batch(
    years: List[int],
    values: npt.ArrayLike,
    target: Target,
    shape: SegmentShape = ...,
    convention: CumulativeConvention = ...,
    threads: int = ...,
) -> BatchTracking: ...

# --- analysis (register_analysis.cpp): LMDI, uncertainty, Monte Carlo ---
class LmdiResult:
    @property
    def v0(self) -> float: ...
    @property
    def vt(self) -> float: ...
    @property
    def additive(self) -> np.ndarray: ...
    @property
    def multiplicative(self) -> np.ndarray: ...
    @property
    def additive_by_category(self) -> np.ndarray: ...
    @property
    def multiplicative_defined(self) -> bool: ...
    @property
    def note(self) -> str: ...
    def ratio(self, factor: int) -> float: ...
    def total_ratio(self) -> float: ...

class LmdiChain:
    @property
    def additive(self) -> np.ndarray: ...
    @property
    def multiplicative(self) -> np.ndarray: ...
    @property
    def additive_total(self) -> np.ndarray: ...
    @property
    def multiplicative_total(self) -> np.ndarray: ...
    @property
    def v(self) -> np.ndarray: ...
    @property
    def multiplicative_defined(self) -> List[bool]: ...

def lmdi(start: npt.ArrayLike, end: npt.ArrayLike, by_category: bool = ..., threads: int = ...) -> LmdiResult: ...
def lmdi_chained(years: List[npt.ArrayLike], threads: int = ...) -> LmdiChain: ...
def log_mean(a: float, b: float) -> float: ...

class Approach1Result:
    base_total: float
    latest_total: float
    uncertainty_pct: float
    trend_pct: float
    trend_uncertainty_pct: float
    combined_pct: List[float]
    variance_share: List[float]
    type_a: List[float]
    type_b: List[float]
    trend_from_ef: List[float]
    trend_from_ad: List[float]
    trend_variance: List[float]

def approach1(base: List[float], latest: List[float], ad_pct: List[float], ef_pct: List[float]) -> Approach1Result: ...
def product_rule(uncertainties_pct: List[float]) -> float: ...
def sum_rule(values: List[float], uncertainties_pct: List[float]) -> float: ...

class Distribution:
    normal: Distribution
    lognormal: Distribution
    triangular: Distribution
    uniform: Distribution
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...

def parse_distribution(name: str) -> Distribution: ...

class MonteCarloTotals:
    @property
    def base(self) -> np.ndarray: ...
    @property
    def latest(self) -> np.ndarray: ...

class MonteCarloRun:
    def __init__(
        self,
        base: List[float],
        latest: List[float],
        ad_uncertainty: List[float],
        ef_uncertainty: List[float],
        ad_distribution: List[Distribution],
        ef_distribution: List[Distribution],
        correlation: npt.ArrayLike,
        seed: int = ...,
        iterations: int = ...,
        threads: int = ...,
        block: int = ...,
    ) -> None: ...
    @property
    def n_blocks(self) -> int: ...
    def run(self, first_block: int, count: int) -> None: ...
    @property
    def totals(self) -> MonteCarloTotals: ...

def mc_normals(seed: int, stream: int, n: int) -> np.ndarray: ...

class TargetOutcomes:
    @property
    def target_year_emissions(self) -> np.ndarray: ...
    @property
    def probability_met(self) -> float: ...
    @property
    def probability_budget(self) -> float: ...

# fit: the TrendFit that track() used.
def target_probability(
    totals: MonteCarloTotals,
    fit: TrendFit,
    base_total: float,
    latest_year: int,
    target_year: int,
    change: float,
    remaining_budget: float,
    seed: int,
) -> TargetOutcomes: ...
def co2e_unit_scale(unit: str) -> Optional[float]: ...
def parse_unit(unit: str) -> Optional[Tuple[float, Optional[str]]]: ...

ACCEPTED_UNITS: str

# -- planning: baselines and the klimabudsjett ledger (register_ledger.cpp) --
ALL_SOURCES: str

def baseline(
    inventory: Inventory,
    until: int,
    method: str = ...,
    by: str = ...,
    since: Optional[int] = ...,
    last_year: Optional[int] = ...,
    last_k: int = ...,
    level: float = ...,
    driver_years: Optional[List[int]] = ...,
    driver_values: Optional[List[float]] = ...,
    driver_name: str = ...,
) -> Dict[str, Any]: ...
def read_baseline_table_text(text: str, origin: str = ..., valid: Optional[Inventory] = ...) -> Inventory: ...

class CapSchedule:
    @staticmethod
    def in_tonnes(years: List[int], tonnes: List[float], source: str = ...) -> CapSchedule: ...
    @staticmethod
    def relative(
        base_year: int, base_level: float, years: List[int], changes: List[float], source: str = ...
    ) -> CapSchedule: ...
    @staticmethod
    def from_pathway(pathway: Pathway, years: List[int], source: str = ...) -> CapSchedule: ...
    @property
    def years(self) -> List[int]: ...
    @property
    def changes(self) -> List[float]: ...
    @property
    def stated_tonnes(self) -> List[float]: ...
    @property
    def base_year(self) -> Optional[int]: ...
    @property
    def base_level(self) -> Optional[float]: ...
    @property
    def source(self) -> str: ...
    def tonnes(self, current_level: Optional[float] = ...) -> List[float]: ...

def read_caps_text(
    text: str, vintage: str, origin: str = ...
) -> Tuple[CapSchedule, List[Tuple[int, int, str, float, str, bool, bool]], List[str]]: ...
def ledger(
    caps: CapSchedule,
    plan_years: List[int],
    baseline_t: List[float],
    measures: List[Tuple[str, str, str, str, str]],
    planned_t: npt.ArrayLike,
    actual_years: List[int],
    actual_t: List[float],
    achieved_years: List[int],
    achieved_t: npt.ArrayLike,
    current_base_level: Optional[float] = ...,
    release: str = ...,
) -> Dict[str, Any]: ...

# -- planning: measures, scenarios, attribution (register_planning.cpp) --------
class Measure:
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def sectors(self) -> List[str]: ...
    @property
    def sources(self) -> List[Tuple[str, str]]: ...
    @property
    def gases(self) -> List[str]: ...
    @property
    def effect_kind(self) -> str: ...
    @property
    def effect_value(self) -> Optional[float]: ...
    @property
    def effect_reason(self) -> str: ...
    @property
    def quantified(self) -> bool: ...
    @property
    def removal(self) -> bool: ...
    @property
    def status(self) -> str: ...
    @property
    def ramp_shape(self) -> str: ...
    @property
    def start_year(self) -> int: ...
    @property
    def full_year(self) -> int: ...
    @property
    def end_year(self) -> Optional[int]: ...
    @property
    def ramp_points(self) -> List[Tuple[int, float]]: ...
    @property
    def agency(self) -> str: ...
    @property
    def reporting_owner(self) -> str: ...
    @property
    def notes(self) -> str: ...
    @property
    def investment(self) -> List[Tuple[int, float]]: ...
    @property
    def operating_cost(self) -> Optional[float]: ...
    @property
    def lifetime(self) -> Optional[float]: ...
    @property
    def discount_rate(self) -> float: ...
    @property
    def cost_low(self) -> Optional[float]: ...
    @property
    def cost_high(self) -> Optional[float]: ...
    @property
    def cost_class(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def price_year(self) -> Optional[int]: ...
    def ramp_factor(self, year: int) -> float: ...
    def tonnes_co2e(self, metric: Optional[str] = ...) -> float: ...
    def cells(self) -> List[str]: ...

def measure_columns() -> List[str]: ...
def measure_status_name(status: str) -> str: ...
def measure_from_fields(fields: List[Tuple[str, str]], origin: str = ...) -> Measure: ...
def measures_from_rows(
    header: List[str], rows: List[List[str]], origin: str, row_numbers: List[int] = ...
) -> List[Measure]: ...
def read_measures(path: str) -> List[Measure]: ...
def read_measures_text(text: str, origin: str = ...) -> List[Measure]: ...
def write_measures(measures: List[Measure], path: str) -> None: ...
def write_measures_text(measures: List[Measure]) -> str: ...
def run_scenario(
    baseline: Inventory,
    measures: List[Measure],
    name: str = ...,
    statuses: Optional[List[str]] = ...,
    last_actual_year: Optional[int] = ...,
    overlaps: bool = ...,
    threads: int = ...,
) -> Dict[str, Any]: ...
def attribute(
    baseline: Inventory,
    measures: List[Measure],
    statuses: Optional[List[str]] = ...,
    per_cell: bool = ...,
    threads: int = ...,
) -> Dict[str, Any]: ...
def attribute_sampled(
    baseline: Inventory,
    measures: List[Measure],
    permutations: int,
    seed: int = ...,
    statuses: Optional[List[str]] = ...,
    threads: int = ...,
) -> Dict[str, Any]: ...
def shapley_product_game(baseline: float, q: List[float]) -> List[float]: ...

# -- costs: cost per tonne, MAC curves, cheapest portfolio (register_costs.cpp) --
default_discount_rate: float

def parse_cost_class(text: str) -> Tuple[float, float]: ...
def cost_class_of(per_tonne: float) -> str: ...
def discount_factor(rate: float, year: int, base_year: int) -> float: ...
def cost_table(
    baseline: Inventory,
    measures: List[Measure],
    statuses: Optional[List[str]] = ...,
    base_year: Optional[int] = ...,
    discount_rate: Optional[float] = ...,
    convention: str = ...,
    first_year: Optional[int] = ...,
    last_year: Optional[int] = ...,
    year: Optional[int] = ...,
    below_500_point: float = ...,
    above_1500_point: float = ...,
) -> Dict[str, Any]: ...
def mac_curve(
    baseline: Inventory,
    measures: List[Measure],
    variant: str = ...,
    width_year: Optional[int] = ...,
    period_first: Optional[int] = ...,
    period_last: Optional[int] = ...,
    statuses: Optional[List[str]] = ...,
    threads: int = ...,
    base_year: Optional[int] = ...,
    discount_rate: Optional[float] = ...,
    convention: str = ...,
    first_year: Optional[int] = ...,
    last_year: Optional[int] = ...,
    year: Optional[int] = ...,
    below_500_point: float = ...,
    above_1500_point: float = ...,
) -> Dict[str, Any]: ...

class PortfolioProblem:
    def __init__(
        self,
        baseline: Inventory,
        measures: List[Measure],
        goal: str,
        target_year: Optional[int] = ...,
        level: Optional[float] = ...,
        budget_first: Optional[int] = ...,
        budget_last: Optional[int] = ...,
        caps: List[Tuple[int, float]] = ...,
        steps: int = ...,
        max_share: List[Tuple[str, float]] = ...,
        base_year: Optional[int] = ...,
        discount_rate: Optional[float] = ...,
        convention: str = ...,
        first_year: Optional[int] = ...,
        last_year: Optional[int] = ...,
        year: Optional[int] = ...,
        below_500_point: float = ...,
        above_1500_point: float = ...,
    ) -> None: ...
    @property
    def n(self) -> int: ...
    @property
    def n_candidates(self) -> int: ...
    @property
    def owner(self) -> List[int]: ...
    @property
    def steps(self) -> int: ...
    @property
    def max_share(self) -> List[float]: ...
    def shares(self, x: List[int]) -> npt.NDArray[np.float64]: ...
    @property
    def candidates(self) -> List[int]: ...
    @property
    def unquantified(self) -> List[int]: ...
    @property
    def uncosted(self) -> List[int]: ...
    @property
    def objective(self) -> npt.NDArray[np.float64]: ...
    @property
    def need(self) -> npt.NDArray[np.float64]: ...
    @property
    def row_labels(self) -> List[str]: ...
    @property
    def costs(self) -> List[Dict[str, Any]]: ...
    def reduction(self, x: List[int]) -> npt.NDArray[np.float64]: ...
    def cuts(self, x: List[int], rows: List[int]) -> List[Tuple[int, npt.NDArray[np.float64], float]]: ...
    def check(self, x: List[int]) -> Dict[str, Any]: ...
    def infeasibility(self) -> str: ...
    def brute_force(self) -> Dict[str, Any]: ...
    def monte_carlo(
        self,
        x: List[int],
        draws: int = ...,
        seed: int = ...,
        effect_u: float = ...,
        effect_distribution: str = ...,
        cost_u: float = ...,
        cost_distribution: str = ...,
        threads: int = ...,
    ) -> Dict[str, Any]: ...

# The indicator nowcast (nowcast.hpp; ghgtrack.nowcast).
class NowcastIndicator:
    @staticmethod
    def from_changes(
        name: str,
        source: str,
        years: List[int],
        ratio: List[float],
        log_se: List[float] = ...,
        notes: List[str] = ...,
    ) -> NowcastIndicator: ...
    @staticmethod
    def from_levels(name: str, source: str, years: List[int], levels: List[float]) -> NowcastIndicator: ...
    name: str
    source: str
    years: List[int]
    ratio: List[float]
    log_se: List[float]
    notes: List[str]

class NowcastSectorModel:
    def __init__(self, sector: str, drivers: List[NowcastIndicator]) -> None: ...
    sector: str
    drivers: List[NowcastIndicator]

class NowcastFit:
    sector: str
    years: List[int]
    residual: List[float]
    bias: float
    residual_sd: float
    n: int

class NowcastDriverUse:
    name: str
    source: str
    ratio: float
    log_se: float
    notes: str

class SectorNowcast:
    sector: str
    method: str
    years: List[int]
    value: List[float]
    lo: List[float]
    hi: List[float]
    drivers: List[List[NowcastDriverUse]]

class NowcastResult:
    base_year: int
    base_total: float
    level: float
    years: List[int]
    sectors: List[SectorNowcast]
    total: List[float]
    total_lo: List[float]
    total_hi: List[float]
    fits: List[NowcastFit]
    form: str

class NowcastBacktestRow:
    year: int
    base_year: int
    series: str
    actual: float
    indicator: float
    indicator_lo: float
    indicator_hi: float
    trend: float
    trend_lo: float
    trend_hi: float
    @property
    def indicator_error_pct(self) -> float: ...
    @property
    def trend_error_pct(self) -> float: ...

class NowcastBacktestSummary:
    series: str
    n: int
    indicator_mape: float
    trend_mape: float
    indicator_bias_pct: float
    trend_bias_pct: float
    indicator_covered: int
    trend_covered: int

class NowcastBacktest:
    horizon: int
    rows: List[NowcastBacktestRow]
    summary: List[NowcastBacktestSummary]

class PointIndex:
    years: List[int]
    ratio: List[float]
    log_se: List[float]
    points: List[int]
    point_months: List[int]
    last_month: List[int]

def nowcast_run(
    sectors: List[str],
    years: List[int],
    t_co2e: List[List[float]],
    models: List[NowcastSectorModel],
    until: int,
    level: float = ...,
    fit_bias: bool = ...,
    first_fit_year: int = ...,
    trend_years: int = ...,
) -> NowcastResult: ...
def nowcast_backtest(
    sectors: List[str],
    years: List[int],
    t_co2e: List[List[float]],
    models: List[NowcastSectorModel],
    first: int,
    last: int,
    horizon: int = ...,
    level: float = ...,
    fit_bias: bool = ...,
    first_fit_year: int = ...,
    trend_years: int = ...,
) -> NowcastBacktest: ...
def traffic_index_from_points(
    point: List[str],
    year: List[int],
    month: List[int],
    mdt: List[float],
    coverage: List[float],
    min_coverage: float = ...,
) -> PointIndex: ...

# simd.hpp and series_batch.hpp (register_simd.cpp)
def simd_target() -> str: ...
def simd_available_targets() -> List[str]: ...
def simd_compiled_targets() -> List[str]: ...
def set_simd_target(name: str) -> None: ...

simd_dispatched: bool

class InterpolatedSeries:
    @property
    def values(self) -> np.ndarray: ...
    @property
    def cumulative(self) -> np.ndarray: ...
    @property
    def first(self) -> int: ...
    @property
    def last(self) -> int: ...

def interpolate_cumulate(
    years: npt.ArrayLike,
    values: npt.ArrayLike,
    *,
    fill: SeriesFill | str = ...,
    convention: CumulativeConvention | str = ...,
    first: Optional[int] = ...,
    last: Optional[int] = ...,
    threads: int = ...,
) -> InterpolatedSeries: ...
