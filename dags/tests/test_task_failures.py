"""How a failed warehouse command surfaces in a real DAG run (dag.test(), the DAG as deployed, retries included),
with a launcher that answers as the jar does when the bronze gate stops an ingest: exit 3 and the failed check on
stderr. The real jar's gate failure is in test_dag_runs.py; this one needs no JVM."""

from __future__ import annotations

import pendulum

from harness import DAGS, variable

GATE_FAILED = """#!/bin/sh
echo "[quality] bronze 2026-09-05 gate: FAILED"
echo "error: quality gate failed (all results in table quality_results):" >&2
echo "raw_lead 2026-09-05: check 'row count change' failed: row count is 27 (previous snapshot 2026-09-04 had 55)" >&2
exit 3
"""


def test_gate_failure_fails_at_the_first_try_and_the_callback_names_task_date_and_check(
        airflow_db, tmp_path, monkeypatch, capfd, caplog):
    from airflow.dag_processing.dagbag import BundleDagBag

    launcher = tmp_path / "warehouse"
    launcher.write_text(GATE_FAILED)
    launcher.chmod(0o755)
    monkeypatch.setenv(variable("handoff_warehouse_cli"), str(launcher))
    monkeypatch.setenv(variable("handoff_warehouse_marts_deadline_seconds"), "3600")
    dag = BundleDagBag(dag_folder=str(DAGS), bundle_path=DAGS, bundle_name="dags-folder").dags[
        "handoff_warehouse_daily"]
    dag.deadline = None  # Airflow 3.3.2's dag.test() cannot finish a run with one (see test_dag_runs.py)

    capfd.readouterr()
    dag_run = dag.test(logical_date=pendulum.datetime(2026, 9, 5, 1, 30, tz="UTC"))
    # Airflow's own log lines reach the file descriptors; the callback's (stdlib logging) may reach pytest's
    # log capture instead.
    output = "".join(capfd.readouterr()) + caplog.text

    tis = {ti.task_id: ti for ti in dag_run.get_task_instances()}
    assert str(dag_run.state) == "failed"
    assert str(tis["ingest"].state) == "failed"
    # Three retries configured, none taken: the same snapshot fails the same gate again.
    assert (tis["ingest"].try_number, tis["ingest"].max_tries) == (1, 3)
    assert {str(tis[t].state) for t in ("build_silver", "build_gold", "publish_report")} == {"upstream_failed"}
    message = output[output.index("handoff_warehouse_daily: task ingest failed for 2026-09-05 (try 1)\n"):]
    lines = message.splitlines()
    assert lines[1] == "quality gate failed (all results in table quality_results):"
    # The log line ends with the logger's own suffix.
    assert lines[2].startswith("  raw_lead 2026-09-05: check 'row count change' failed: row count is 27 "
                               "(previous snapshot 2026-09-04 had 55)")
