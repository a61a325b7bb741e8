"""Real DAG runs (Airflow 3's `dag.test()`, what `airflow dags test` calls: every task executes, the warehouse jar
included) on the orchestration sample, one run after another as a scheduler would make them.

Three consecutive dates, then an earlier one arriving late, end with the tables `warehouse run` builds from the
same four snapshots; an old run cleared and run again (through the spark-submit launch, on the test cluster)
leaves the marts as of the newest snapshot; a Lead extract that lost half its rows fails the run at ingest with
the gate's message and publishes nothing.

Two liberties with the DAG as deployed, both for the test's sake and both asserted on the real DAG elsewhere
(test_handoff_warehouse_dag.py): tasks do not retry here (a retry waits minutes by design), and the in-memory DAG
given to dag.test() has no deadline: Airflow 3.3.2's dag.test() fails when a run with a deadline alert succeeds
(DagRun.update_state looks the alerts up by id, and dag.test() hands it the alerts themselves). The alert as
deployed is still stored: the DAG file synced to the database carries it.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest

import published
from harness import DAGS, ROOT, SPARK_SETTINGS, delta_jars, samples, spark_environment, variable

DAILY = ["2026-09-02", "2026-09-03", "2026-09-04"]
LATE = "2026-09-01"
NEWEST = "2026-09-04"
SHRUNK = "2026-09-05"
NEWEST_AS_OF = pendulum.datetime(2026, 9, 4, 23, 59, 59, tz="UTC")

pytestmark = pytest.mark.real_runs


@dataclass
class Setting:
    dag: object
    reference: Path
    warehouse: Path
    reports: Path
    env: pytest.MonkeyPatch


def logical_date(ds: str):
    """The logical date whose {{ ds }} is `ds`: the start of its data interval (01:30 UTC)."""
    return pendulum.parse(ds).replace(hour=1, minute=30, tzinfo=pendulum.UTC)


def run(setting: Setting, ds: str, **kwargs):
    return setting.dag.test(logical_date=logical_date(ds), **kwargs)


def states(dag_run) -> dict[str, str]:
    return {ti.task_id: str(ti.state) for ti in dag_run.get_task_instances()}


def shrink_lead_snapshot(crm: Path, source: str, target: str) -> int:
    """A copy of `source`'s snapshot filed as `target`, with half of its Lead rows gone; returns those kept."""
    shutil.copytree(crm / source, crm / target)
    lead = crm / target / "Lead.csv"
    with lead.open(newline="") as f:
        rows = list(csv.reader(f))
    kept = rows[: 1 + (len(rows) - 1) // 2]
    with lead.open("w", newline="") as f:
        csv.writer(f).writerows(kept)
    return len(kept) - 1


@pytest.fixture(scope="module")
def setting(airflow_db, tmp_path_factory):
    from airflow.dag_processing.dagbag import BundleDagBag

    sample = samples.sample_warehouse("orchestration")
    work = tmp_path_factory.mktemp("dag-runs")
    crm = work / "crm"
    shutil.copytree(sample.crm, crm)
    shrink_lead_snapshot(crm, NEWEST, SHRUNK)
    # The sample's leads number in the tens: the volume gate compares from 20 rows on instead of 100.
    config = work / "warehouse.yaml"
    config.write_text("quality:\n  row_count:\n    min_previous_rows: 20\n")
    env = pytest.MonkeyPatch()
    for name, value in {
        "handoff_warehouse_cli": str(ROOT / "warehouse"),
        "handoff_warehouse_snapshots": str(crm),
        "handoff_warehouse_root": str(work / "warehouse"),
        "handoff_warehouse_reports": str(work / "reports"),
        "handoff_warehouse_config": str(config),
        "handoff_warehouse_marts_deadline_seconds": str(6 * 3600),
        "handoff_warehouse_launch": "local",
    }.items():
        env.setenv(variable(name), value)
    bag = BundleDagBag(dag_folder=str(DAGS), bundle_path=DAGS, bundle_name="dags-folder")
    dag = bag.dags["handoff_warehouse_daily"]
    dag.deadline = None
    for task in dag.tasks:
        task.retries = 0
    yield Setting(dag, sample.warehouse, work / "warehouse", work / "reports", env)
    env.undo()


def test_daily_runs_in_and_out_of_order_equal_warehouse_run(setting):
    for ds in [*DAILY, LATE]:
        dag_run = run(setting, ds)
        assert str(dag_run.state) == "success", (ds, states(dag_run))

    assert published.published_content(setting.warehouse) == published.published_content(setting.reference)
    gold = published.gold_tables(setting.warehouse)
    assert {"fct_handoff", "mart_handoff_funnel", "mart_sla_compliance"} <= set(gold)
    assert {row["as_of"] for row in gold.values()} == {NEWEST_AS_OF}

    log = [r for r in published.run_log(setting.warehouse) if r["status"] == "SUCCEEDED"]
    ingested = sorted(str(r["snapshot_date"]) for r in log if r["job"] == "ingest")
    assert ingested == sorted([*DAILY, LATE])
    # One build of each layer per run, each as of the newest snapshot then ingested: the late date's too.
    for layer in ("silver", "gold"):
        built = [str(r["snapshot_date"]) for r in sorted(log, key=lambda r: r["started_at"])
                 if r["job"] == "build" and r["source"] == f"select {layer}"]
        assert built == [*DAILY, NEWEST], layer
    reported = [(str(r["snapshot_date"]), r["source"]) for r in sorted(log, key=lambda r: r["started_at"])
                if r["job"] == "report"]
    assert reported == [(d, f"out {setting.reports / ds}") for d, ds in zip([*DAILY, NEWEST], [*DAILY, LATE])]
    for ds in [*DAILY, LATE]:
        assert (setting.reports / ds / "dashboard.html").is_file(), ds


def test_cleared_old_run_through_spark_submit_keeps_marts_as_of_newest(setting, spark_cluster, cluster_jar):
    before = published.published_content(setting.warehouse)
    apps_before = completed_apps(spark_cluster)
    with pytest.MonkeyPatch.context() as env:
        env.setenv(variable("handoff_warehouse_launch"), "spark-submit")
        env.setenv("AIRFLOW_CONN_HANDOFF_WAREHOUSE_SPARK", spark_cluster.master_url)
        env.setenv(variable("handoff_warehouse_cluster_jar"), str(cluster_jar))
        env.setenv(variable("handoff_warehouse_spark_jars"), ",".join(str(j) for j in delta_jars()))
        env.setenv(variable("handoff_warehouse_spark_conf"), json.dumps(SPARK_SETTINGS))
        for name, value in spark_environment(spark_cluster.home).items():
            env.setenv(name, value)
        # dag.test() on a date that already ran clears its task instances and runs them again.
        dag_run = run(setting, DAILY[0])
    assert str(dag_run.state) == "success", states(dag_run)
    assert completed_apps(spark_cluster) - apps_before == 4

    assert published.published_content(setting.warehouse) == before
    gold = published.gold_tables(setting.warehouse)
    assert {row["as_of"] for row in gold.values()} == {NEWEST_AS_OF}


def test_shrunken_lead_extract_fails_at_ingest_and_publishes_nothing(setting, capfd, caplog):
    before = published.publication(setting.warehouse)
    capfd.readouterr()
    dag_run = run(setting, SHRUNK)
    output = "".join(capfd.readouterr()) + caplog.text

    assert str(dag_run.state) == "failed"
    assert states(dag_run) == {"ingest": "failed", "build_silver": "upstream_failed",
                               "build_gold": "upstream_failed", "publish_report": "upstream_failed"}
    assert re.search(rf"raw_lead {SHRUNK}: check '[^']+' failed: row count is \d+", output), output[-3000:]
    assert f"handoff_warehouse_daily: task ingest failed for {SHRUNK} (try 1)" in output
    assert "quality gate failed (all results in table quality_results):" in output
    assert published.publication(setting.warehouse) == before
    failed = [r for r in published.run_log(setting.warehouse) if r["job"] == "ingest"
              and str(r["snapshot_date"]) == SHRUNK]
    assert [r["status"] for r in failed] == ["FAILED"]


def _jar_accepts_volume_override() -> bool:
    help_text = subprocess.run([str(ROOT / "warehouse"), "ingest", "--help"], capture_output=True, text=True,
                               timeout=600).stdout
    return "--accept-volume-change" in help_text


def test_operator_override_of_the_volume_gate_through_run_conf(setting):
    if not _jar_accepts_volume_override():
        pytest.skip("this jar's ingest has no --accept-volume-change yet (the reliability work adds it)")
    dag_run = run(setting, SHRUNK, run_conf={"accept_volume_change": True},
                  mark_success_pattern="build_silver|build_gold|publish_report")
    assert states(dag_run)["ingest"] == "success"
    ingested = [r for r in published.run_log(setting.warehouse) if r["job"] == "ingest"
                and str(r["snapshot_date"]) == SHRUNK and r["status"] == "SUCCEEDED"]
    assert len(ingested) == 1


def completed_apps(cluster) -> int:
    from harness import master_state

    return len((master_state(cluster.ui_port) or {}).get("completedapps", []))
