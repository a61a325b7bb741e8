"""Daily handoff-warehouse run: ingest the day's CRM snapshot, build silver and gold, publish the dashboard.

One DAG run per logical date. Each task calls the warehouse CLI, which is idempotent per snapshot date, so
retries and backfills (catchup) are safe and may run out of order. The quality gates run inside `ingest`
and `build`: an Error-level failure fails the task and leaves the published marts at their last good version.

Settings come from Airflow Variables so one DAG file serves every environment:
  handoff_warehouse_cli        path of the `warehouse` launcher (or a spark-submit wrapper)
  handoff_warehouse_snapshots  folder or URI holding <YYYY-MM-DD>/<Object>.* snapshot folders
  handoff_warehouse_root       warehouse folder or URI (s3a://, abfss://)
  handoff_warehouse_reports    folder the dashboard is written to
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator

CLI = "{{ var.value.get('handoff_warehouse_cli', 'warehouse') }}"
SNAPSHOTS = "{{ var.value.get('handoff_warehouse_snapshots', '/data/crm-snapshots') }}"
WAREHOUSE = "{{ var.value.get('handoff_warehouse_root', '/data/handoff-warehouse') }}"
REPORTS = "{{ var.value.get('handoff_warehouse_reports', '/data/handoff-reports') }}"

# The snapshot for logical date D is complete at the end of D, so D's run starts after midnight UTC.
default_args = {
    "owner": "revops-data",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "execution_timeout": timedelta(hours=2),
}

with DAG(
    dag_id="handoff_warehouse_daily",
    description="CRM snapshots to handoff facts, SLA marts and the leadership dashboard",
    schedule="30 1 * * *",
    start_date=pendulum.datetime(2026, 9, 1, tz="UTC"),
    catchup=True,
    max_active_runs=1,
    default_args=default_args,
    tags=["revops", "handoff-warehouse"],
) as dag:
    ingest = BashOperator(
        task_id="ingest_snapshot",
        bash_command=f"{CLI} ingest --snapshots {SNAPSHOTS} --date {{{{ ds }}}} --warehouse {WAREHOUSE}",
        sla=timedelta(hours=1),
    )
    build = BashOperator(
        task_id="build_marts",
        bash_command=f"{CLI} build --as-of {{{{ ds }}}} --warehouse {WAREHOUSE}",
        sla=timedelta(hours=2),
    )
    report = BashOperator(
        task_id="publish_dashboard",
        bash_command=f"{CLI} report --as-of {{{{ ds }}}} --out {REPORTS}/{{{{ ds }}}} --warehouse {WAREHOUSE}",
        sla=timedelta(hours=3),
    )
    ingest >> build >> report
