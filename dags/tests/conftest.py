"""Registers the DAG tests' fixtures (harness.py): Airflow's database, the cluster jar, the Spark cluster."""

from harness import airflow_db, cluster_jar, spark_cluster  # noqa: F401
