"""Reads what a warehouse published, without a JVM: the publication record (ops/publication, one row per silver
and gold table: relative path and version) and each table at its published version, through `deltalake`."""

from __future__ import annotations

from pathlib import Path

from deltalake import DeltaTable


def publication(warehouse: Path) -> dict[str, dict]:
    """The current publication: table name -> its row (layer, path, version, as_of, run_id, ...)."""
    rows = DeltaTable(str(warehouse / "ops" / "publication")).to_pyarrow_table().to_pylist()
    return {r["table_name"]: r for r in rows}


def gold_tables(warehouse: Path) -> dict[str, dict]:
    return {name: row for name, row in publication(warehouse).items() if row["layer"] == "gold"}


def rows(warehouse: Path, entry: dict) -> list[tuple]:
    """Every row of the published version of one table, columns in name order, sorted: content to compare."""
    table = DeltaTable(str(warehouse / entry["path"]), version=entry["version"]).to_pyarrow_table()
    names = sorted(table.column_names)
    values = [tuple(repr(row[n]) for n in names) for row in table.select(names).to_pylist()]
    return [tuple(names)] + sorted(values)


def published_content(warehouse: Path) -> dict[str, list[tuple]]:
    """fct_handoff and every other gold table (dimensions and marts) as published."""
    return {name: rows(warehouse, entry) for name, entry in gold_tables(warehouse).items()}


def run_log(warehouse: Path) -> list[dict]:
    return DeltaTable(str(warehouse / "ops" / "run_log")).to_pyarrow_table().to_pylist()
