"""Daily handoff-warehouse run: ingest the day's CRM snapshot, build silver, build gold, publish the dashboard.

One DAG run per logical date, a task per stage, each one call of the same jar and each its own transaction, so
a failed step is retried alone (a failed gold build does not re-ingest or rebuild silver):

  ingest         warehouse ingest --date {{ ds }}   the day's snapshot into bronze, with the bronze gate
  build_silver   warehouse build --select silver    histories, timeline (+ silver gates), published together
  build_gold     warehouse build --select gold      facts and marts (+ gold gates), published together
  publish_report warehouse report --out <reports>/{{ ds }} --log-run   the dashboard, logged in run_log

`{{ ds }}` only picks the snapshot partition to ingest and names the report folder: silver, gold and the report
are always built as of the newest snapshot ingested (the jar's default), so a backfill, a late date or a cleared
old run never leaves the marts older than the data. Runs go one at a time (max_active_runs=1): the warehouse has
one writer, and each build reads what the run before it published.

Airflow Variables (all optional but the deadline):
  handoff_warehouse_cli               the local launcher (default `warehouse`: the ./warehouse script on PATH)
  handoff_warehouse_snapshots         folder or URI of <YYYY-MM-DD>/<Object>.* snapshot folders
  handoff_warehouse_root              the warehouse folder or URI (s3a://, abfss://)
  handoff_warehouse_reports           where the dashboards go, one folder per logical date
  handoff_warehouse_config            a conf/warehouse.yaml to lay over the packaged one (--config)
  handoff_warehouse_accept_volume_change
                                      dates (comma-separated) whose shrunken extract an operator accepted;
                                      dag_run.conf {"accept_volume_change": true} does the same for one run
  handoff_warehouse_marts_deadline_seconds
                                      the Deadline Alert: marts published within this many seconds of the run
                                      being queued (hours x 3600; required: runs are not created without it)
  handoff_warehouse_launch            `local` (default) or `spark-submit`; see warehouse_tasks.WarehouseStep
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import DAG, AsyncCallback, CronDataIntervalTimetable, DeadlineAlert, DeadlineReference
from airflow.sdk.definitions.deadline import VariableInterval

from warehouse_tasks import WarehouseStep, report_failure

DAG_ID = "handoff_warehouse_daily"
DEADLINE_VARIABLE = "handoff_warehouse_marts_deadline_seconds"

SNAPSHOTS = "{{ var.value.get('handoff_warehouse_snapshots', '/data/crm-snapshots') }}"
WAREHOUSE = "{{ var.value.get('handoff_warehouse_root', '/data/handoff-warehouse') }}"
REPORTS = "{{ var.value.get('handoff_warehouse_reports', '/data/handoff-reports') }}"
# Optional arguments render to "" when unset; WarehouseStep drops empty items.
CONFIG_FLAG = "{{ '--config' if var.value.get('handoff_warehouse_config', '') else '' }}"
CONFIG = "{{ var.value.get('handoff_warehouse_config', '') }}"
ACCEPT_VOLUME_CHANGE = (
    "{{ '--accept-volume-change=' ~ ds if (dag_run.conf or {}).get('accept_volume_change') "
    "or ds in var.value.get('handoff_warehouse_accept_volume_change', '').split(',') else '' }}"
)


def warehouse(*arguments: str) -> list[str]:
    """A warehouse command's arguments with the options every stage shares."""
    return [*arguments, "--warehouse", WAREHOUSE, CONFIG_FLAG, CONFIG]


default_args = {
    "owner": "revops-data",
    "retries": 3,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=2),
    "on_failure_callback": report_failure,
}

with DAG(
    dag_id=DAG_ID,
    description="CRM snapshots to handoff facts, SLA marts and the leadership dashboard",
    # Data intervals, as in Airflow 2: the run for logical date D covers D and starts at 01:30 UTC on D+1, once
    # D's snapshot is complete (a plain cron string would make D the day the run starts).
    schedule=CronDataIntervalTimetable("30 1 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 9, 1, tz="UTC"),
    catchup=True,
    max_active_runs=1,
    default_args=default_args,
    deadline=DeadlineAlert(
        reference=DeadlineReference.DAGRUN_QUEUED_AT,
        interval=VariableInterval(DEADLINE_VARIABLE),
        callback=AsyncCallback("warehouse_tasks.marts_late"),
        name="marts published",
    ),
    doc_md=__doc__,
    tags=["revops", "handoff-warehouse"],
) as dag:
    ingest = WarehouseStep(
        task_id="ingest",
        command=warehouse("ingest", "--snapshots", SNAPSHOTS, "--date", "{{ ds }}", ACCEPT_VOLUME_CHANGE),
    )
    build_silver = WarehouseStep(task_id="build_silver", command=warehouse("build", "--select", "silver"))
    build_gold = WarehouseStep(task_id="build_gold", command=warehouse("build", "--select", "gold"))
    publish_report = WarehouseStep(
        task_id="publish_report", command=warehouse("report", "--out", REPORTS + "/{{ ds }}", "--log-run"))

    ingest >> build_silver >> build_gold >> publish_report
