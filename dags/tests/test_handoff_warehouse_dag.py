"""The DAG loads in a real Airflow DagBag and renders the commands the warehouse CLI expects."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pendulum
import pytest

DAGS = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory):
    home = tmp_path_factory.mktemp("airflow-home")
    os.environ["AIRFLOW_HOME"] = str(home)
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "True"
    from airflow.models import DagBag

    return DagBag(dag_folder=str(DAGS), include_examples=False)


def test_dag_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert "handoff_warehouse_daily" in dagbag.dags


def test_tasks_run_in_order_with_retries_and_slas(dagbag):
    dag = dagbag.dags["handoff_warehouse_daily"]
    assert [t.task_id for t in dag.topological_sort()] == ["ingest_snapshot", "build_marts", "publish_dashboard"]
    for task in dag.tasks:
        assert task.retries == 2
        assert task.sla is not None and task.sla <= timedelta(hours=3)
    assert dag.catchup is True
    assert dag.max_active_runs == 1


def test_commands_render_for_the_logical_date(dagbag):
    dag = dagbag.dags["handoff_warehouse_daily"]
    ingest = dag.get_task("ingest_snapshot")
    build = dag.get_task("build_marts")
    context = {"ds": "2026-10-05", "var": {"value": _Vars()}}
    ingest_cmd = ingest.render_template(ingest.bash_command, context)
    build_cmd = build.render_template(build.bash_command, context)
    assert ingest_cmd == "warehouse ingest --snapshots /data/crm-snapshots --date 2026-10-05 --warehouse /data/handoff-warehouse"
    assert build_cmd == "warehouse build --as-of 2026-10-05 --warehouse /data/handoff-warehouse"
    assert dag.start_date == pendulum.datetime(2026, 9, 1, tz="UTC")


class _Vars:
    """Stands in for Airflow's Variable accessor: every variable is unset, so the defaults render."""

    def get(self, key, default=None):
        return default
