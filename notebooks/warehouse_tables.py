"""The warehouse as the notebooks read it: the published tables, in SQL, without a JVM.

A build writes its tables first and then names the Delta version of every silver and gold table in one commit
of ``<root>/ops/publication`` (jobs/.../catalog/Publication.java). Opening a warehouse here reads that record
and registers each published table in DuckDB at the version the record names, so a notebook sees one complete
build even while the next one is writing, exactly as ``warehouse sql`` does. The ops tables that are not
published (``routing_backtest``, ``run_log``, ``quality_results``) are registered at their newest version, as
the warehouse's own catalog does.

Tables are registered as Arrow datasets read by ``deltalake``: DuckDB scans only the columns and files a query
needs, so opening even a large warehouse takes a second. Every timestamp is shown in UTC, and SQL reads the
as-of time of the published marts as ``getvariable('as_of')``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
from deltalake import DeltaTable

PUBLICATION = "ops/publication"
# Ops tables are written whole by the job that owns them and read at their newest version.
OPS_TABLES = ("routing_backtest", "run_log", "quality_results")


class NotPublishedError(LookupError):
    """The warehouse has no publication yet, or it does not name the table asked for."""


@dataclass(frozen=True)
class PublishedTable:
    name: str
    layer: str
    path: str
    version: int
    as_of: dt.datetime | None
    run_id: str | None


class Warehouse:
    """One warehouse root opened for reading: ``sql()`` over every published table by its name."""

    def __init__(self, root: str | Path, storage_options: dict[str, str] | None = None):
        self.root = str(root).rstrip("/")
        self._storage_options = storage_options
        record_location = f"{self.root}/{PUBLICATION}"
        if not DeltaTable.is_deltatable(record_location, storage_options=storage_options):
            raise NotPublishedError(f"{self.root} has no publication ({PUBLICATION}): run warehouse build first.")
        record = DeltaTable(record_location, storage_options=storage_options)
        rows = record.to_pyarrow_table().to_pylist()
        if not rows:
            raise NotPublishedError(f"{self.root}: the publication record is empty.")
        self.publication_version = record.version()
        self.publication_id = rows[0]["publication_id"]
        self.published_at = rows[0]["published_at"]
        self.tables = {r["table_name"]: PublishedTable(r["table_name"], r["layer"], r["path"], r["version"],
                                                       r["as_of"], r["run_id"]) for r in rows}
        self.connection = duckdb.connect()
        self.connection.execute("SET TimeZone = 'UTC'")
        for table in self.tables.values():
            self._register(table.name, table.path, table.version)
        self.ops_versions = {}
        for name in OPS_TABLES:
            location = f"{self.root}/ops/{name}"
            if DeltaTable.is_deltatable(location, storage_options=storage_options):
                self.ops_versions[name] = self._register(name, f"ops/{name}", None)
        # SQL (views included) reads the marts' as-of instant as getvariable('as_of').
        self.set_variable("as_of", self.as_of)

    def _register(self, name: str, path: str, version: int | None) -> int:
        table = DeltaTable(f"{self.root}/{path}", version=version, storage_options=self._storage_options)
        self.connection.register(name, table.to_pyarrow_dataset())
        return table.version()

    @property
    def as_of(self) -> dt.datetime:
        """The as-of time of the build that published fct_handoff: the instant the marts' windows are judged at."""
        return self.table("fct_handoff").as_of

    def table(self, name: str) -> PublishedTable:
        if name not in self.tables:
            raise NotPublishedError(f"{name} is not published in {self.root} (publication {self.publication_id}).")
        return self.tables[name]

    def has(self, name: str) -> bool:
        """Whether SQL can name the table: published, or an ops table that has been written."""
        return name in self.tables or name in self.ops_versions

    def sql(self, query: str, params: dict | list | None = None) -> pd.DataFrame:
        """Runs one DuckDB statement (``$name`` parameters from ``params``) and returns its rows."""
        return self.connection.execute(query, params).df()

    def set_variable(self, name: str, value) -> None:
        """Makes ``value`` available to every later statement, views included, as ``getvariable('name')``."""
        self.connection.execute(f"SET VARIABLE {name} = $value", {"value": value})

    def week_of(self, as_of_week: str | dt.date | None) -> dt.date:
        """The Monday of the given week; None means the week of the publication's as-of time."""
        day = self.as_of.date() if as_of_week is None else pd.Timestamp(as_of_week).date()
        return day - dt.timedelta(days=day.weekday())

    def describe(self) -> str:
        return (f"{self.root}: publication {self.publication_id} (record version {self.publication_version}), "
                f"{len(self.tables)} tables as of {self.as_of:%Y-%m-%d %H:%M} UTC, "
                f"published {self.published_at:%Y-%m-%d %H:%M} UTC")


def open_warehouse(root: str | Path, storage_options: dict[str, str] | None = None) -> Warehouse:
    return Warehouse(root, storage_options)


def output_folder(output_dir: str | Path, notebook: str) -> Path:
    """``<output_dir>/<notebook>/``, created: where a notebook writes its charts and tables."""
    folder = Path(output_dir) / notebook
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def use_chart_style() -> None:
    """Charts sized and lettered for a laptop screen: large type, light grid, no chart junk."""
    import matplotlib as mpl

    mpl.rcParams.update({
        "figure.figsize": (11, 5.5),
        "figure.dpi": 100,
        "savefig.dpi": 130,
        "font.size": 12,
        "axes.titlesize": 15,
        "axes.titleweight": "bold",
        "axes.labelsize": 12,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
    })


def save_chart(figure, folder: Path, name: str) -> Path:
    """Writes the figure as ``<folder>/<name>.png`` and returns the path."""
    path = Path(folder) / f"{name}.png"
    figure.savefig(path, bbox_inches="tight")
    return path
