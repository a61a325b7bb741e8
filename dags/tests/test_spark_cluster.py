"""The cluster-profile jar under spark-submit on a real standalone Spark cluster (a master and a worker from the
pyspark wheel on 127.0.0.1): the daily job on the orchestration sample gives the tables the embedded run gives,
and the tables still resolve by name for `warehouse sql` afterwards (names come from the warehouse folders in
each process, not from a metastore the cluster would have to share)."""

from __future__ import annotations

import subprocess

import pytest

import published
from harness import ROOT, master_state, samples, spark_environment

pytestmark = pytest.mark.real_runs


def test_spark_submit_daily_job_equals_the_embedded_run(spark_cluster, cluster_jar, tmp_path):
    sample = samples.sample_warehouse("orchestration")
    warehouse = tmp_path / "warehouse"
    apps_before = len(master_state(spark_cluster.ui_port)["completedapps"])
    submitted = subprocess.run(
        spark_cluster.submit_command(cluster_jar, "run", "--snapshots", str(sample.crm), "--warehouse",
                                     str(warehouse)),
        env=spark_environment(spark_cluster.home), capture_output=True, text=True, timeout=1800)
    assert submitted.returncode == 0, submitted.stdout[-3000:] + submitted.stderr[-3000:]
    # The job ran as an application of the cluster's master, not in a local master of its own.
    assert len(master_state(spark_cluster.ui_port)["completedapps"]) == apps_before + 1

    cluster_tables = published.published_content(warehouse)
    assert cluster_tables == published.published_content(sample.warehouse)
    assert {"fct_handoff", "mart_handoff_funnel", "mart_sla_compliance"} <= set(cluster_tables)

    counted = subprocess.run([str(ROOT / "warehouse"), "sql", "SELECT COUNT(*) AS handoffs FROM fct_handoff",
                              "--format", "csv", "--warehouse", str(warehouse)],
                             capture_output=True, text=True, timeout=600)
    assert counted.returncode == 0, counted.stderr[-3000:]
    assert counted.stdout.split() == ["handoffs", str(len(cluster_tables["fct_handoff"]) - 1)]
