"""What the DAG's tests share (conftest.py registers the fixtures): a real Airflow 3 (sqlite, in a temporary AIRFLOW_HOME per session), the jars, a
standalone Spark cluster on 127.0.0.1 from the pyspark wheel, and readers of the published Delta tables.

Airflow reads its configuration when first imported, so the environment is set here, before any test module
imports it. Variables and the Spark connection are given as AIRFLOW_VAR_* / AIRFLOW_CONN_* environment
variables, which Airflow's secrets lookup reads before its database.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[1]
ROOT = DAGS.parent
JOBS_TARGET = ROOT / "jobs" / "target"

_HOME = Path(tempfile.mkdtemp(prefix="airflow-home-"))
atexit.register(shutil.rmtree, _HOME, True)
os.environ["AIRFLOW_HOME"] = str(_HOME)
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_HOME / 'airflow.db'}"
os.environ["AIRFLOW__LOGGING__BASE_LOG_FOLDER"] = str(_HOME / "logs")
if str(DAGS) not in sys.path:
    sys.path.insert(0, str(DAGS))


def variable(name: str) -> str:
    return "AIRFLOW_VAR_" + name.upper()


def _project_samples():
    """The project's sample warehouses (the top-level conftest.py, loaded by path: both files are conftest)."""
    spec = importlib.util.spec_from_file_location("project_samples", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


samples = _project_samples()


@pytest.fixture(scope="session")
def airflow_db():
    """A migrated metadata database for the session."""
    from airflow.utils import db

    db.initdb()
    return _HOME


def _newest_source_time() -> float:
    newest = 0.0
    for module in ("transforms", "quality", "jobs", "conf"):
        for path in (ROOT / module).rglob("*"):
            if "target" not in path.parts and path.suffix in {".java", ".yaml", ".properties", ".xml"}:
                newest = max(newest, path.stat().st_mtime)
    return max(newest, (ROOT / "pom.xml").stat().st_mtime)


@pytest.fixture(scope="session")
def cluster_jar() -> Path:
    """The cluster-profile jar (Spark and Delta provided), built when missing or older than the sources."""
    jar = JOBS_TARGET / "warehouse-cluster.jar"
    if not jar.is_file() or jar.stat().st_mtime < _newest_source_time():
        subprocess.run(["mvn", "-B", "-q", "-Pcluster", "-DskipTests", "package"], cwd=ROOT, check=True,
                       timeout=1200)
    return jar


def delta_jars() -> list[Path]:
    """Delta for spark-submit, from the local Maven repository the build filled (no other download)."""
    m2 = Path.home() / ".m2" / "repository" / "io" / "delta"
    version = "3.3.2"
    jars = [m2 / "delta-spark_2.12" / version / f"delta-spark_2.12-{version}.jar",
            m2 / "delta-storage" / version / f"delta-storage-{version}.jar"]
    missing = [str(j) for j in jars if not j.is_file()]
    assert not missing, f"Delta jars missing (run the Maven build first): {missing}"
    return jars


def spark_home() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("pyspark")
    assert spec is not None and spec.origin is not None, "pyspark (the Spark distribution) is not installed"
    return Path(spec.origin).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class SparkCluster:
    master_url: str
    home: Path
    ui_port: int

    def submit_command(self, jar: Path, *args: str) -> list[str]:
        return [str(self.home / "bin" / "spark-submit"), "--master", self.master_url,
                "--class", "com.handoffwarehouse.jobs.cli.WarehouseCli",
                "--jars", ",".join(str(j) for j in delta_jars()), *SPARK_SETTINGS_ARGS, str(jar), *args]


# The driver on loopback too: executors reach it at 127.0.0.1, never at another address of the machine.
SPARK_SETTINGS = {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1", "spark.cores.max": "2", "spark.executor.memory": "2g", "spark.driver.memory": "2g",
                  "spark.ui.enabled": "false"}
SPARK_SETTINGS_ARGS = [a for k, v in SPARK_SETTINGS.items() for a in ("--conf", f"{k}={v}")]


def spark_environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SPARK_HOME=str(home), SPARK_LOCAL_IP="127.0.0.1", SPARK_NO_DAEMONIZE="1",
               PATH=f"{home / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    return env


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory):
    """A standalone master and one worker on 127.0.0.1, free ports, stopped at the end of the session."""
    home = spark_home()
    work = tmp_path_factory.mktemp("spark-cluster")
    env = spark_environment(home)
    port, ui = _free_port(), _free_port()
    spark_class = str(home / "bin" / "spark-class")
    logs = []

    def start(name: str, *args: str) -> subprocess.Popen:
        out = open(work / f"{name}.log", "w")
        logs.append(out)
        return subprocess.Popen([spark_class, *args], env=env, stdout=out, stderr=subprocess.STDOUT)

    processes = [start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                       "--port", str(port), "--webui-port", str(ui))]
    url = f"spark://127.0.0.1:{port}"
    try:
        _wait_for(lambda: master_state(ui) is not None, 120, "the Spark master", work / "master.log")
        processes.append(start("worker", "org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1",
                               "--port", str(_free_port()), "--webui-port", str(_free_port()), "--cores", "2",
                               "--memory", "4g", "--work-dir", str(work / "work")))
        _wait_for(lambda: any(w.get("state") == "ALIVE" for w in (master_state(ui) or {}).get("workers", [])),
                  120, "the Spark worker", work / "worker.log")
        yield SparkCluster(url, home, ui)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
        for out in logs:
            out.close()


def master_state(ui_port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=2) as response:
            return json.load(response)
    except OSError:
        return None


def _wait_for(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(1)
    raise AssertionError(f"{what} did not come up within {seconds:.0f} s; its log:\n{log.read_text()[-3000:]}")
