"""The handoff warehouse's task and callbacks for Airflow 3: one call of the warehouse jar per task.

Kept beside the DAG file (the DAG folder is on sys.path for the DAG processor, the workers and, with it on
PYTHONPATH, the triggerer) so the deadline callback has an importable path. `.airflowignore` keeps the DAG
processor from parsing this module as a DAG file.

The jar's exit codes (cli/ExitCode, the README's table) decide whether a retry can help: a quality gate (3), a
usage error (2) or bad input (4, a damaged or missing file) fails the task at once, since the same data or the
same arguments fail the same way again; an internal error
(1) or a warehouse held by another writer (5) is retried with the DAG's backoff.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
from collections import deque
from typing import Any

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import Variable
from airflow.sdk.exceptions import AirflowException, AirflowFailException

log = logging.getLogger(__name__)

LAUNCH_VARIABLE = "handoff_warehouse_launch"
LOCAL = "local"
SPARK_SUBMIT = "spark-submit"
SPARK_CONNECTION = "handoff_warehouse_spark"

USAGE_ERROR = 2
QUALITY_GATE_FAILED = 3
BAD_INPUT = 4
WAREHOUSE_IN_USE = 5
_FINAL = {USAGE_ERROR: "usage error", QUALITY_GATE_FAILED: "quality gate failed", BAD_INPUT: "bad input"}
_RETRIED = {WAREHOUSE_IN_USE: "warehouse in use by another writer"}

# How the jar names a failed check (CheckOutcome.describe): "<table> <date>: check '<name>' failed: <observed>".
_FAILED_CHECK = re.compile(r"(?P<table>\w+) (?P<date>\d{4}-\d{2}-\d{2}): check '(?P<check>[^']+)' failed: (?P<observed>.*)")
_SUBMIT_EXIT = re.compile(r"Error code is: (\d+)")
_TAIL_LINES = 60


class WarehouseStep(SparkSubmitOperator):
    """
    One warehouse command (`ingest`, `build`, `report`), launched as the Airflow Variable
    `handoff_warehouse_launch` says when the task runs: `local` runs the launcher in `handoff_warehouse_cli`
    (the ./warehouse script, or `java -jar warehouse.jar`); `spark-submit` submits the cluster jar in
    `handoff_warehouse_cluster_jar` through the Spark connection `handoff_warehouse_spark`, with Delta from
    `handoff_warehouse_spark_jars` or `handoff_warehouse_spark_packages` and Spark settings from the JSON
    Variable `handoff_warehouse_spark_conf`. Both get the same arguments: `command`, templated, with empty
    items (an optional flag left out) dropped.
    """

    template_fields = (*SparkSubmitOperator.template_fields, "launcher")

    def __init__(self, *, command: list[str], **kwargs: Any) -> None:
        super().__init__(
            application="{{ var.value.get('handoff_warehouse_cluster_jar', '') }}",
            application_args=command,
            conn_id=SPARK_CONNECTION,
            jars="{{ var.value.get('handoff_warehouse_spark_jars', '') }}",
            packages="{{ var.value.get('handoff_warehouse_spark_packages', '') }}",
            java_class="com.handoffwarehouse.jobs.cli.WarehouseCli",
            name="handoff-warehouse-{{ task.task_id }}-{{ ds }}",
            **kwargs,
        )
        self.launcher = "{{ var.value.get('handoff_warehouse_cli', 'warehouse') }}"

    def execute(self, context: Any) -> None:
        args = [str(a) for a in self.application_args if str(a) != ""]
        self.application_args = args
        mode = Variable.get(LAUNCH_VARIABLE, default=LOCAL)
        if mode == LOCAL:
            self._run_locally(args)
        elif mode == SPARK_SUBMIT:
            self._submit(context)
        else:
            raise AirflowFailException(
                f"Variable {LAUNCH_VARIABLE} is {mode!r}: set it to {LOCAL!r} or {SPARK_SUBMIT!r}.")

    def _run_locally(self, args: list[str]) -> None:
        command = [*self.launcher.split(), *args]
        self.log.info("Running %s", " ".join(command))
        tail: deque[str] = deque(maxlen=_TAIL_LINES)
        self._local = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            for line in self._local.stdout:
                line = line.rstrip("\n")
                tail.append(line)
                self.log.info("%s", line)
            code = self._local.wait()
        except BaseException:
            # A timeout or a kill of the task: the jar must not go on writing the warehouse without it.
            self._local.kill()
            self._local.wait()
            raise
        if code != 0:
            _raise_for_exit(args[0], code, "\n".join(tail))

    def on_kill(self) -> None:
        local = getattr(self, "_local", None)
        if local is not None and local.poll() is None:
            local.terminate()
        else:
            super().on_kill()

    def _submit(self, context: Any) -> None:
        if not self.application:
            raise AirflowFailException("Variable handoff_warehouse_cluster_jar is not set: give the path or URI "
                                       "of the cluster-profile jar (mvn -Pcluster package).")
        self.conf = json.loads(Variable.get("handoff_warehouse_spark_conf", default="{}"))
        self.jars = self.jars or None
        self.packages = self.packages or None
        try:
            super().execute(context)
        except AirflowException as e:
            found = _SUBMIT_EXIT.search(str(e))
            if found is None:
                raise
            _raise_for_exit(self.application_args[0], int(found.group(1)), str(e))


def _raise_for_exit(command: str, code: int, output: str) -> None:
    meaning = _FINAL.get(code) or _RETRIED.get(code) or "internal error"
    message = f"warehouse {command} exited {code} ({meaning})\n{output}"
    if code in _FINAL:
        raise AirflowFailException(message)
    raise AirflowException(message)


def failed_checks(output: str) -> list[str]:
    """The checks a gate failed, as the jar names them in its output: `table date: check 'name' failed: ...`."""
    return [m.group(0) for m in _FAILED_CHECK.finditer(output)]


def failure_message(context: Any) -> str:
    """What an operator reads first: the DAG, the task, the logical date and, for a gate, the failed checks."""
    ti = context["ti"]
    error = str(context.get("exception") or "no exception recorded")
    lines = [f"{ti.dag_id}: task {ti.task_id} failed for {context['ds']} (try {ti.try_number})"]
    checks = failed_checks(error)
    if checks:
        lines.append("quality gate failed (all results in table quality_results):")
        lines.extend(f"  {c}" for c in checks)
    else:
        lines.append(error.splitlines()[0] if error else "")
    return "\n".join(lines)


def report_failure(context: Any) -> None:
    """The tasks' failure callback: the message goes to the task log, where alerting picks it up."""
    log.error("%s", failure_message(context))


def lateness_message(context: dict[str, Any] | None) -> str:
    run = (context or {}).get("dag_run", {})
    deadline = (context or {}).get("deadline", {})
    return (f"{run.get('dag_id', 'handoff_warehouse_daily')}: marts for {run.get('logical_date')} not published by "
            f"{deadline.get('deadline_time')} (run {run.get('dag_run_id')}, queued at {run.get('queued_at')})")


async def marts_late(context: dict[str, Any] | None = None, **kwargs: Any) -> str:
    """The Deadline Alert's callback, run by the triggerer when a run has not finished by its deadline."""
    message = lateness_message(context)
    log.error("%s", message)
    return message
