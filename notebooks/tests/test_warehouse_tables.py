"""warehouse_tables reads what the warehouse has published, not what a running build has half-written."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from deltalake import DeltaTable, write_deltalake

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import warehouse_tables as wt  # noqa: E402


@pytest.fixture
def half_written(standard_sample, tmp_path) -> Path:
    """A copy of the sample where a build has overwritten mart_sla_breaches_open and fct_handoff with nothing
    but died before publishing: the newest Delta versions are empty, the published ones are not."""
    copy = tmp_path / "warehouse"
    shutil.copytree(standard_sample.warehouse, copy)
    for table in ("gold/mart_sla_breaches_open", "gold/fct_handoff"):
        location = str(copy / table)
        write_deltalake(location, DeltaTable(location).to_pyarrow_table().slice(0, 0), mode="overwrite")
    return copy


def test_tables_are_read_at_the_version_the_publication_names(standard_sample, half_written):
    published = DeltaTable(str(standard_sample.warehouse / "gold" / "mart_sla_breaches_open")).to_pandas()
    assert len(published) > 0
    assert DeltaTable(str(half_written / "gold" / "mart_sla_breaches_open")).to_pandas().empty

    warehouse = wt.open_warehouse(half_written)
    assert warehouse.table("mart_sla_breaches_open").version == 0
    assert warehouse.sql("SELECT count(*) AS n FROM mart_sla_breaches_open").n.iat[0] == len(published)
    handoffs = DeltaTable(str(standard_sample.warehouse / "gold" / "fct_handoff")).to_pandas()
    assert warehouse.sql("SELECT count(*) AS n FROM fct_handoff").n.iat[0] == len(handoffs)


def test_the_as_of_time_and_week_come_from_the_publication(standard_sample):
    warehouse = wt.open_warehouse(standard_sample.warehouse)
    record = DeltaTable(str(standard_sample.warehouse / "ops" / "publication")).to_pandas()
    assert warehouse.as_of == record.set_index("table_name").as_of["fct_handoff"].to_pydatetime()
    assert warehouse.sql("SELECT getvariable('as_of') AS t").t.iat[0] == warehouse.as_of
    monday = warehouse.week_of(None)
    assert monday.weekday() == 0 and 0 <= (warehouse.as_of.date() - monday).days < 7
    assert str(warehouse.week_of("2026-07-09")) == "2026-07-06"


def test_every_published_table_answers_by_its_name(standard_sample):
    warehouse = wt.open_warehouse(standard_sample.warehouse)
    names = set(DeltaTable(str(standard_sample.warehouse / "ops" / "publication")).to_pandas().table_name)
    assert {"fct_handoff", "mart_handoff_funnel", "mart_sla_breaches_open", "dim_user"} <= names
    registered = set(warehouse.sql("SHOW TABLES").name)
    assert names <= registered
    assert "run_log" in registered and not warehouse.has("routing_backtest")


def test_a_warehouse_without_a_publication_is_refused_with_a_message(tmp_path):
    with pytest.raises(wt.NotPublishedError, match="run warehouse build first"):
        wt.open_warehouse(tmp_path)
