"""Registers the DAG tests' fixtures (harness.py): Airflow's database, the cluster jar, the Spark cluster."""

from harness import airflow_db, cluster_jar, spark_cluster  # noqa: F401


def pytest_configure(config):
    config.addinivalue_line("markers", "real_runs: runs the warehouse jar for real (minutes each); "
                                       "-m 'not real_runs' leaves them out")
