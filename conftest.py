"""Fixtures shared by the Python tests (dags/tests, notebooks/tests): the suite's sample warehouses.

The Java suite (`mvn verify`, run first by ./run-tests) builds each sample warehouse once under
target/sample-warehouses/<name>/ and marks it complete with sample.json; the Python tests reuse it. Run alone,
pytest builds a missing one through the CLI with the same parameters, which live in one file for both sides.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
PARAMETERS = ROOT / "jobs" / "src" / "test" / "resources" / "sample-warehouses.json"
SAMPLES = ROOT / "target" / "sample-warehouses"


@dataclass(frozen=True)
class SampleWarehouse:
    name: str
    crm: Path
    warehouse: Path
    parameters: dict


def sample_warehouse(name: str) -> SampleWarehouse:
    """The named sample, built through ./warehouse when no complete build of the same parameters is on disk."""
    parameters = json.loads(PARAMETERS.read_text())[name]
    home = SAMPLES / name
    sample = SampleWarehouse(name, home / "crm", home / "warehouse", parameters)
    marker = home / "sample.json"
    if marker.is_file() and json.loads(marker.read_text()) == parameters:
        return sample
    subprocess.run(["rm", "-rf", str(home)], check=True)
    home.mkdir(parents=True)
    cli = str(ROOT / "warehouse")
    subprocess.run([cli, "generate", "--out", str(sample.crm), "--start", parameters["start"],
                    "--days", str(parameters["days"]), "--leads", str(parameters["leads"]),
                    "--seed", str(parameters["seed"]), "--defect-rate", str(parameters["defect_rate"])],
                   check=True, timeout=1800)
    subprocess.run([cli, "run", "--snapshots", str(sample.crm), "--warehouse", str(sample.warehouse)],
                   check=True, timeout=3600)
    marker.write_text(json.dumps(parameters))
    return sample


@pytest.fixture(scope="session")
def standard_sample() -> SampleWarehouse:
    return sample_warehouse("standard")
