"""The DAG loads in a real Airflow 3 DagBag without errors or deprecation warnings from dags/, and its graph,
retry policy, deadline, callbacks and rendered commands are the ones the warehouse expects."""

from __future__ import annotations

import asyncio
import warnings
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pendulum
import pytest

from harness import DAGS


@pytest.fixture(scope="module")
def loaded(airflow_db):
    from airflow.dag_processing.dagbag import BundleDagBag

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bag = BundleDagBag(dag_folder=str(DAGS), bundle_path=DAGS, bundle_name="dags-folder")
    return bag, caught


@pytest.fixture(scope="module")
def dag(loaded):
    return loaded[0].dags["handoff_warehouse_daily"]


def test_dag_imports_without_errors_or_deprecations_from_dags(loaded):
    bag, caught = loaded
    assert bag.import_errors == {}
    assert list(bag.dags) == ["handoff_warehouse_daily"]
    ours = [w for w in caught if Path(w.filename).resolve().is_relative_to(DAGS)
            and issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning, FutureWarning))]
    assert ours == [], [str(w.message) for w in ours]
    assert not any(Path(f).resolve().is_relative_to(DAGS) for f in bag.captured_warnings)


def test_four_stages_in_order_one_jar_each(dag):
    assert [t.task_id for t in dag.topological_sort()] == ["ingest", "build_silver", "build_gold", "publish_report"]
    assert all(len(t.downstream_list) <= 1 for t in dag.tasks)
    assert {type(t).__name__ for t in dag.tasks} == {"WarehouseStep"}


def test_one_run_per_date_at_a_time_with_catchup(dag):
    assert dag.catchup is True
    assert dag.max_active_runs == 1
    assert dag.start_date == pendulum.datetime(2026, 9, 1, tz="UTC")
    from airflow.sdk import CronDataIntervalTimetable

    # The run for D starts once D is over: {{ ds }} names a complete snapshot.
    assert isinstance(dag.timetable, CronDataIntervalTimetable)
    from airflow.serialization.encoders import coerce_to_core_timetable

    interval = coerce_to_core_timetable(dag.timetable).infer_manual_data_interval(
        run_after=pendulum.datetime(2026, 10, 6, 1, 30, tz="UTC"))
    assert (interval.start, interval.end) == (pendulum.datetime(2026, 10, 5, 1, 30, tz="UTC"),
                                              pendulum.datetime(2026, 10, 6, 1, 30, tz="UTC"))


def test_every_task_retries_with_exponential_backoff(dag):
    for task in dag.tasks:
        assert task.retries == 3
        assert task.retry_exponential_backoff
        assert task.retry_delay == timedelta(minutes=2)
        assert task.max_retry_delay == timedelta(minutes=30)
        assert task.execution_timeout == timedelta(hours=2)


def test_deadline_alert_marts_published_within_variable_seconds_of_queueing(dag):
    from airflow.sdk import DeadlineReference
    from airflow.sdk.definitions.deadline import VariableInterval

    (alert,) = dag.deadline
    assert alert.reference == DeadlineReference.DAGRUN_QUEUED_AT
    assert alert.interval == VariableInterval("handoff_warehouse_marts_deadline_seconds")
    assert alert.callback.path == "warehouse_tasks.marts_late"


def test_deadline_callback_names_the_run_and_the_deadline():
    from airflow.sdk._shared.module_loading import import_string

    callback = import_string("warehouse_tasks.marts_late")
    context = {"dag_run": {"dag_id": "handoff_warehouse_daily", "dag_run_id": "scheduled__2026-10-05",
                           "logical_date": "2026-10-05T01:30:00Z", "queued_at": "2026-10-06T01:30:04Z"},
               "deadline": {"id": "d1", "deadline_time": "2026-10-06T07:30:04Z"}}
    message = asyncio.run(callback(context=context))
    assert message == ("handoff_warehouse_daily: marts for 2026-10-05T01:30:00Z not published by "
                       "2026-10-06T07:30:04Z (run scheduled__2026-10-05, queued at 2026-10-06T01:30:04Z)")


GATE_OUTPUT = """warehouse ingest exited 3 (quality gate failed)
[quality] bronze 2026-07-05 gate: FAILED (3.1 s)
error: quality gate failed (all results in table quality_results):
raw_lead 2026-07-05: check 'row count change' failed: row count is 27 (previous snapshot 2026-07-04 had 55, ratio 0.49)"""


def test_failure_callback_names_task_date_and_failed_check(dag):
    from warehouse_tasks import failure_message

    assert all(t.on_failure_callback for t in dag.tasks)
    ti = SimpleNamespace(dag_id="handoff_warehouse_daily", task_id="ingest", try_number=1)
    message = failure_message({"ti": ti, "ds": "2026-07-05", "exception": Exception(GATE_OUTPUT)})
    assert message.splitlines() == [
        "handoff_warehouse_daily: task ingest failed for 2026-07-05 (try 1)",
        "quality gate failed (all results in table quality_results):",
        "  raw_lead 2026-07-05: check 'row count change' failed: row count is 27 (previous snapshot 2026-07-04 "
        "had 55, ratio 0.49)",
    ]
    other = failure_message({"ti": ti, "ds": "2026-07-05", "exception": Exception("warehouse build exited 1 "
                                                                                  "(internal error)\ntrace")})
    assert other.splitlines() == ["handoff_warehouse_daily: task ingest failed for 2026-07-05 (try 1)",
                                  "warehouse build exited 1 (internal error)"]


def test_exit_codes_decide_whether_a_retry_can_help():
    from airflow.sdk.exceptions import AirflowException, AirflowFailException

    from warehouse_tasks import _raise_for_exit

    for code in (2, 3):
        with pytest.raises(AirflowFailException):
            _raise_for_exit("ingest", code, "")
    for code in (1, 5):
        with pytest.raises(AirflowException) as raised:
            _raise_for_exit("build", code, "")
        assert not isinstance(raised.value, AirflowFailException)


class _Vars:
    """Stands in for Airflow's Variable accessor in a template context."""

    def __init__(self, **values):
        self.values = values

    def get(self, key, default=None):
        return self.values.get(key, default)


def rendered(task, ds="2026-10-05", conf=None, **variables):
    context = {"ds": ds, "var": {"value": _Vars(**variables)}, "dag_run": SimpleNamespace(conf=conf or {}),
               "task": task}
    args = task.render_template(task.application_args, context)
    return [a for a in args if a != ""]


def test_commands_select_the_partition_by_date_and_build_as_of_the_newest_snapshot(dag):
    assert rendered(dag.get_task("ingest")) == [
        "ingest", "--snapshots", "/data/crm-snapshots", "--date", "2026-10-05", "--warehouse",
        "/data/handoff-warehouse"]
    # No --as-of: the jar builds silver, gold and the report as of the newest snapshot ingested.
    assert rendered(dag.get_task("build_silver")) == ["build", "--select", "silver", "--warehouse",
                                                      "/data/handoff-warehouse"]
    assert rendered(dag.get_task("build_gold")) == ["build", "--select", "gold", "--warehouse",
                                                    "/data/handoff-warehouse"]
    assert rendered(dag.get_task("publish_report"), handoff_warehouse_config="/etc/wh.yaml") == [
        "report", "--out", "/data/handoff-reports/2026-10-05", "--log-run", "--warehouse", "/data/handoff-warehouse",
        "--config", "/etc/wh.yaml"]


def test_volume_override_through_run_conf_or_variable(dag):
    ingest = dag.get_task("ingest")
    assert "--accept-volume-change=2026-10-05" in rendered(ingest, conf={"accept_volume_change": True})
    assert "--accept-volume-change=2026-10-05" in rendered(
        ingest, ds="2026-10-05", handoff_warehouse_accept_volume_change="2026-10-04,2026-10-05")
    assert not any(a.startswith("--accept-volume-change") for a in rendered(
        ingest, ds="2026-10-06", handoff_warehouse_accept_volume_change="2026-10-04,2026-10-05"))
