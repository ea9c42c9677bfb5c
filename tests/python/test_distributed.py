"""National ensembles (ghgtrack.distributed): the decomposition, equality with
the one-call runs, identical results here and on a 2-worker Dask LocalCluster,
and progress bars that stay quiet off a terminal."""

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import _progress, distributed, national, uncertainty

CODES = ["0301", "4601", "1103", "5001", "1151", "3201", "1804"]


@pytest.fixture(scope="module")
def nat():
    return national.generate(seed=2024, codes=CODES)


@pytest.fixture(scope="module")
def target():
    return ghgtrack.Target.cut(2009, {2030: 0.55})


@pytest.fixture(scope="module")
def small_ensemble(nat, target):
    inv = nat.inventory("0301")
    return dict(
        inventories=nat,
        target=target,
        measures=national.synthetic_measures(inv.sectors),
        uncertainty=national.illustrative_uncertainty(inv.sectors),
        iterations=2500,
        block=256,
        seed=99,
        partition_size=3,
        blocks_per_task=4,
        keep_draws=True,
        progress=False,
    )


def test_decomposition_by_hand():
    assert distributed.partitions(list("abcdefg"), 3) == [["a", "b", "c"], ["d", "e", "f"], ["g"]]
    # 10,000 iterations in blocks of 1024: 10 blocks (9 full, one of 784), 4 to a task
    assert distributed.iteration_chunks(10_000, 1024, 4) == [(0, 4), (4, 8), (8, 10)]
    with pytest.raises(ghgtrack.ArgumentError, match="positive"):
        distributed.partitions([1], 0)
    with pytest.raises(ghgtrack.ArgumentError, match="positive"):
        distributed.iteration_chunks(0, 1024, 1)


def test_seed_for_is_a_seedsequence_of_the_label():
    s = distributed.seed_for(20091, "0301")
    by_hand = np.random.SeedSequence(20091, spawn_key=(48, 51, 48, 49)).generate_state(1, np.uint64)[0]
    assert s == int(by_hand)
    assert distributed.seed_for(20091, "0301") == s
    assert distributed.seed_for(20091, "4601") != s
    assert distributed.seed_for(20092, "0301") != s


def _cats(scale):
    return pd.DataFrame(
        {
            "base": [1000.0 * scale, 500.0 * scale, 80.0],
            "latest": [700.0 * scale, 450.0, 60.0],
            "ad_uncertainty_pct": [5.0, 10.0, 50.0],
            "ef_uncertainty_pct": [3.0, 20.0, 50.0],
        },
        index=["a", "b", "c"],
    )


@pytest.mark.parametrize("partition_size,blocks_per_task", [(1, 1), (2, 3), (5, 100)])
def test_monte_carlo_equals_one_call_per_municipality(partition_size, blocks_per_task):
    cats = {f"m{i}": _cats(1 + i) for i in range(4)}
    out = distributed.monte_carlo(
        cats, iterations=3000, seed=7, block=512, partition_size=partition_size, blocks_per_task=blocks_per_task
    )
    assert list(out) == list(cats)
    for label, c in cats.items():
        # the second method: the whole run in one call of ghgtrack.uncertainty.monte_carlo
        one = uncertainty.monte_carlo(c, iterations=3000, seed=distributed.seed_for(7, label), block=512)
        np.testing.assert_array_equal(out[label].base, one.base)
        np.testing.assert_array_equal(out[label].latest, one.latest)
        assert out[label].seed == distributed.seed_for(7, label)


def test_monte_carlo_takes_an_uncertainty_table():
    cats = {k: _cats(2)[["base", "latest"]] for k in ("x", "y")}
    u = _cats(1)[["ad_uncertainty_pct", "ef_uncertainty_pct"]]
    out = distributed.monte_carlo(cats, iterations=1000, seed=1, uncertainty=u)
    one = uncertainty.monte_carlo(_cats(2), iterations=1000, seed=distributed.seed_for(1, "y"), block=1024)
    np.testing.assert_array_equal(out["y"].latest, one.latest)
    with pytest.raises(ghgtrack.UnknownLabelError, match="no uncertainty"):
        distributed.monte_carlo(cats, iterations=10, seed=1, uncertainty=u.iloc[:2])


def test_track_many_in_partitions_equals_one_call(nat, target):
    frame = nat.totals()
    whole = ghgtrack.track_many(frame, target)
    parts = distributed.track_many(frame, target, partition_size=2, progress=False)
    pd.testing.assert_frame_equal(parts.summary, whole.summary)
    pd.testing.assert_frame_equal(parts.pathway, whole.pathway)
    pd.testing.assert_frame_equal(parts.gap, whole.gap)


def test_ensemble_local(small_ensemble, nat, target):
    e = distributed.ensemble(**small_ensemble)
    assert e.summary.shape == (len(CODES) * 3, 7)
    assert e.scenarios.index.get_level_values("scenario").unique().tolist() == [
        "baseline",
        "adopted",
        "adopted + proposed",
    ]
    assert list(e.tracking.summary.index) == CODES
    for code in CODES:
        s = e.summary.loc[code]
        assert s.loc["adopted + proposed", "latest_mean"] < s.loc["baseline", "latest_mean"]
        # by hand from the draws: the share of iterations at or below 45 % of the drawn base
        d = e.draws[(code, "adopted")]
        assert len(d.base) == 2500
        assert s.loc["adopted", "probability_met"] == pytest.approx(np.mean(d.latest <= 0.45 * d.base))
        # the draws are those of one call with the municipality's seed (second method)
        inv = nat.inventory(code)
        sc = e.scenarios.loc[(code, "adopted")]
        assert sc[2009] == pytest.approx(inv.total()[2009], rel=1e-12)
        ref = ghgtrack.baseline(inv, 2030, method="trend")
        scen = ghgtrack.scenarios(ref.inventory, small_ensemble["measures"])["adopted"]
        cats = pd.DataFrame({"base": inv.by_sector(2009)[2009], "latest": scen.inventory.by_sector(2030)[2030]})
        one = uncertainty.monte_carlo(
            cats.join(small_ensemble["uncertainty"]), iterations=2500, block=256, seed=distributed.seed_for(99, code)
        )
        np.testing.assert_array_equal(d.base, one.base)
        np.testing.assert_array_equal(d.latest, one.latest)
        assert sc[2030] == pytest.approx(scen.total()[2030], rel=1e-12)
        # common random numbers: every scenario of a municipality has the same seed
        assert e.draws[(code, "baseline")].seed == d.seed == distributed.seed_for(99, code)
    # the data's tracking is track_many's on the totals
    whole = ghgtrack.track_many(nat.totals(), target)
    np.testing.assert_array_equal(e.tracking.summary["status"].to_numpy(), whole.summary["status"].to_numpy())


def test_ensemble_identical_on_a_two_worker_local_cluster(small_ensemble):
    distributed_ = pytest.importorskip("distributed")
    local = distributed.ensemble(**small_ensemble)
    # worker threads start in a second or two; worker processes took 20-50 s on this busy machine.
    # What processes add, pickling, is checked below; bench/bench_national.py runs 2 processes.
    cluster = distributed_.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    with cluster, distributed_.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        remote = distributed.ensemble(**small_ensemble, client=client)
        mc = distributed.monte_carlo({"a": _cats(1), "b": _cats(3)}, iterations=2000, seed=5, client=client)
    pd.testing.assert_frame_equal(remote.summary, local.summary, check_exact=True)
    pd.testing.assert_frame_equal(remote.scenarios, local.scenarios, check_exact=True)
    pd.testing.assert_frame_equal(remote.tracking.summary, local.tracking.summary, check_exact=True)
    assert remote.draws.keys() == local.draws.keys()
    for k in local.draws:
        np.testing.assert_array_equal(remote.draws[k].base, local.draws[k].base)
        np.testing.assert_array_equal(remote.draws[k].latest, local.draws[k].latest)
    here = distributed.monte_carlo({"a": _cats(1), "b": _cats(3)}, iterations=2000, seed=5)
    np.testing.assert_array_equal(mc["b"].latest, here["b"].latest)


def test_what_travels_to_workers_pickles(nat, target, small_ensemble):
    import pickle

    spec = pickle.loads(pickle.dumps(distributed._TargetSpec(target)))
    assert spec.target() == target
    sub = pickle.loads(pickle.dumps(nat.subset(["4601", "1151"])))
    pd.testing.assert_series_equal(sub.inventory("1151").total(), nat.inventory("1151").total())
    part = distributed._scenario_part(
        sub, small_ensemble["measures"], {"adopted": ["adopted"]}, 2030, 2009, "trend", spec
    )
    back = pickle.loads(pickle.dumps(part))
    pd.testing.assert_frame_equal(back.totals, part.totals)
    pd.testing.assert_frame_equal(back.tracking.summary, part.tracking.summary)
    chunk = distributed._mc_part(back, small_ensemble["uncertainty"], 1, 300, 256, 0, 2)
    again = pickle.loads(pickle.dumps(chunk))
    np.testing.assert_array_equal(again[("1151", "adopted")][1], chunk[("1151", "adopted")][1])


def test_a_client_must_be_a_client(small_ensemble):
    with pytest.raises(ghgtrack.ArgumentError, match="Client"):
        distributed.ensemble(**{**small_ensemble, "client": "tcp://localhost:8786"})


def test_the_target_must_be_absolute_for_all_sectors(small_ensemble):
    sector = ghgtrack.Target.cut(2009, {2030: 0.55}, sector="Veitrafikk")
    with pytest.raises(ghgtrack.ArgumentError, match="all sectors"):
        distributed.ensemble(**{**small_ensemble, "target": sector})
    with pytest.raises(ghgtrack.ArgumentError, match="base year"):
        distributed.ensemble(**{**small_ensemble, "target": ghgtrack.Target(levels={2030: 100.0})})


# -- progress ---------------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_wanted_only_on_a_terminal():
    assert _progress.wanted(None, _Tty()) is True
    assert _progress.wanted(None, io.StringIO()) is False
    assert _progress.wanted(True, io.StringIO()) is True
    assert _progress.wanted(False, _Tty()) is False


def test_nothing_is_printed_off_a_terminal(capfd, small_ensemble):
    # under pytest stdout and stderr are not terminals: progress=None stays quiet
    distributed.ensemble(**{**small_ensemble, "progress": None, "iterations": 300, "keep_draws": False})
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_progress_forced_goes_to_stderr_only(capfd, small_ensemble):
    distributed.ensemble(**{**small_ensemble, "progress": True, "iterations": 300, "keep_draws": False})
    out, err = capfd.readouterr()
    assert out == ""
    assert "national ensemble" in err and "9/9" in err  # 3 partitions x (1 scenario + 1 MC + 1 summary) tasks


def test_cli_is_quiet_when_not_a_terminal():
    args = ["national", "--codes", "0301,4601", "--iterations", "200", "--out", "-"]
    r = subprocess.run([sys.executable, "-m", "ghgtrack", *args], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert "0301" in r.stdout and "probability_met" in r.stdout
    forced = subprocess.run(
        [sys.executable, "-m", "ghgtrack", *args, "--progress"], capture_output=True, text=True, timeout=120
    )
    assert forced.returncode == 0, forced.stderr
    assert "national ensemble" in forced.stderr
    assert forced.stdout == r.stdout


def test_cli_json_validates(capsys):
    import json

    import jsonschema

    from ghgtrack import _json
    from ghgtrack.cli import main

    code = main(["national", "--codes", "0301,4601,1151", "--iterations", "300", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    doc = json.loads(out)
    schema = _json.load_schema(national.NATIONAL_SCHEMA)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["synthetic"] is True and doc["municipalities"] == 3 and doc["metric"] == "AR5GWP100"
    assert sum(doc["status_counts"].values()) == 3
    assert [s["scenario"] for s in doc["scenarios"]] == ["baseline", "adopted", "adopted + proposed"]


def test_a_plain_bar_without_tqdm(monkeypatch, capfd):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm raises ImportError
    with _progress.bar(4, "work", progress=True) as b:
        for _ in range(4):
            b.update(1)
    out, err = capfd.readouterr()
    assert out == ""
    assert "work [" in err and "4/4" in err and err.endswith("\n")
