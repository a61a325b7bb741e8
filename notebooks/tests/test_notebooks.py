"""The analyst notebooks run headless against the suite's shared sample warehouse, and what they compute equals
the marts read directly.

The marts are read here without the notebooks' module: the publication record and each table at the version
it names, straight through deltalake, and the expected figures summed with pandas. The routing backtest runs
through the CLI on a copy of the sample (it writes ops/routing_backtest; the shared sample stays read-only).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from deltalake import DeltaTable

NOTEBOOKS = Path(__file__).resolve().parents[1]
ROOT = NOTEBOOKS.parent
CANDIDATE = ROOT / "conf" / "examples" / "routing-candidate.yaml"
NAMES = ("no_convert_audit", "sla_by_team", "routing_review")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# DESIGN §4: values that do not count as filled in.
PLACEHOLDERS = {"n/a", "na", "tbd", "-", "?", ".", "x", "test", "asdf", "none", "null", "unknown"}


class Published:
    """The warehouse's tables as its publication record names them, read without the notebooks' code."""

    def __init__(self, root: Path):
        self.root = root
        record = DeltaTable(str(root / "ops" / "publication")).to_pyarrow_table().to_pandas()
        self.versions = dict(zip(record.table_name, zip(record.path, record.version)))
        self.as_of = record.as_of.max()

    def __call__(self, name: str) -> pd.DataFrame:
        path, version = self.versions[name]
        return DeltaTable(str(self.root / path), version=int(version)).to_pandas()

    def last_week(self) -> dt.date:
        day = self.as_of.date()
        return day - dt.timedelta(days=day.weekday())


def monday(dates: pd.Series) -> pd.Series:
    days = pd.to_datetime(dates)
    return (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.date


def execute(name: str, warehouse: Path, folder: Path, **parameters) -> Path:
    """Runs the notebook top to bottom as papermill would in CI; returns its output folder."""
    folder.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(folder / f"{name}.ipynb"),
                               parameters={"WAREHOUSE": str(warehouse), "OUTPUT_DIR": str(folder / "output"),
                                           **parameters},
                               cwd=str(NOTEBOOKS), kernel_name="python3", progress_bar=False,
                               execution_timeout=300)
    return folder / "output" / name


@pytest.fixture(scope="module")
def warehouse(standard_sample, tmp_path_factory) -> Path:
    """A copy of the standard sample with the example candidate backtested into routing_backtest."""
    copy = tmp_path_factory.mktemp("backtested") / "warehouse"
    shutil.copytree(standard_sample.warehouse, copy)
    subprocess.run([str(ROOT / "warehouse"), "routing", "backtest", "--rules", str(CANDIDATE),
                    "--warehouse", str(copy)], check=True, timeout=900, cwd=ROOT, capture_output=True)
    return copy


@pytest.fixture(scope="module")
def published(warehouse) -> Published:
    return Published(warehouse)


@pytest.fixture(scope="module")
def outputs(warehouse, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("executed")
    return {name: execute(name, warehouse, folder) for name in NAMES}


def figures(folder: Path) -> dict:
    return json.loads((folder / "figures.json").read_text())


def csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv")


# --- every notebook -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_opens_with_its_question_and_parameters_and_carries_no_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    first, second = notebook.cells[0], notebook.cells[1]
    assert first.cell_type == "markdown" and "**Question.**" in first.source
    assert second.cell_type == "code" and "parameters" in second.metadata.get("tags", [])
    assert "WAREHOUSE =" in second.source and "AS_OF_WEEK =" in second.source
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: outputs are committed"


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_is_written_as_a_non_empty_png(outputs, name):
    folder = outputs[name]
    charts = figures(folder)["charts"]
    assert charts, f"{name} draws no chart"
    assert sorted(p.name for p in folder.glob("*.png")) == sorted(charts)
    for chart in charts:
        data = (folder / chart).read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000, f"{name}: {chart} is empty or not a PNG"


@pytest.mark.parametrize("name", NAMES)
def test_the_default_as_of_week_is_the_week_of_the_published_build(outputs, published, name):
    assert figures(outputs[name])["as_of_week"] == str(published.last_week())


# --- no_convert_audit -----------------------------------------------------------------------------------------

def test_audit_non_converting_count_equals_the_funnel_mart(outputs, published):
    result = figures(outputs["no_convert_audit"])
    funnel = published("mart_handoff_funnel")
    funnel = funnel[funnel.week <= published.last_week()]
    assert result["held_and_due"] == funnel.m2o_eligible.sum()
    assert result["converted"] == funnel.m2o_converted.sum()
    assert result["not_converted"] == (funnel.m2o_eligible - funnel.m2o_converted).sum()
    assert result["not_converted"] > 0


def test_audit_as_of_an_earlier_week_counts_only_the_cohorts_up_to_it(standard_sample, tmp_path):
    published = Published(standard_sample.warehouse)
    funnel = published("mart_handoff_funnel")
    weeks = sorted(funnel[funnel.m2o_eligible > 0].week.unique())
    assert len(weeks) >= 2, "the sample should hold at least two weeks of judged meetings"
    cut = weeks[0]
    # A mid-week date stands for its week.
    result = figures(execute("no_convert_audit", standard_sample.warehouse, tmp_path,
                             AS_OF_WEEK=str(cut + dt.timedelta(days=2))))
    assert result["as_of_week"] == str(cut)
    assert result["weeks"] == [str(cut)]
    upto = funnel[funnel.week <= cut]
    assert result["not_converted"] == (upto.m2o_eligible - upto.m2o_converted).sum()
    assert result["not_converted"] < (funnel.m2o_eligible - funnel.m2o_converted).sum()


def test_audit_lays_out_the_ten_most_recent_non_converting_handoffs(outputs, published):
    shown = csv(outputs["no_convert_audit"], "ten_most_recent")
    handoffs = published("fct_handoff")
    deadline = handoffs.meeting_start_at + pd.Timedelta(days=30)
    not_converted = handoffs[(handoffs.meeting_outcome == "Held") & (deadline <= published.as_of)
                             & ~(handoffs.opportunity_created_at <= deadline)]
    expected = not_converted.sort_values(["meeting_start_at", "submitted_at"], ascending=False).head(10)
    assert len(shown) == min(10, len(not_converted))
    assert list(zip(shown.lead_id, shown.handoff_seq)) == list(zip(expected.lead_id, expected.handoff_seq))
    assert shown.sdr.notna().all() and shown.ae.notna().all()


def test_audit_shows_the_handoff_fields_the_checklist_judged(outputs):
    """A field the checklist found missing is blank or a placeholder in what the AE received, and vice versa."""
    shown = csv(outputs["no_convert_audit"], "ten_most_recent")

    def filled(value) -> bool:
        return isinstance(value, str) and value.strip() != "" and value.strip().lower() not in PLACEHOLDERS

    for row in shown.itertuples():
        missing = set(str(row.missing_items).split(", ")) if isinstance(row.missing_items, str) else set()
        for item in ("business_problem", "why_now", "objections", "next_step"):
            assert filled(getattr(row, item)) == (item not in missing), (row.lead_id, item)
        assert (filled(row.use_case) and filled(row.desired_outcome)) == ("use_case_outcome" not in missing)


def test_audit_checklist_gaps_equal_the_quality_mart(outputs, published):
    items = pd.DataFrame(figures(outputs["no_convert_audit"])["items"]).set_index("checklist_item")
    quality = published("mart_handoff_quality")
    quality = quality[quality.week <= published.last_week()]
    sums = quality.groupby(["checklist_item", "item_present"])[["m2o_eligible", "m2o_converted"]].sum()
    assert set(items.index) == set(quality.checklist_item)
    for item, row in items.iterrows():
        with_item = sums.loc[(item, True)] if (item, True) in sums.index else pd.Series({"m2o_eligible": 0, "m2o_converted": 0})
        without = sums.loc[(item, False)] if (item, False) in sums.index else pd.Series({"m2o_eligible": 0, "m2o_converted": 0})
        assert row.handoffs_with_item == with_item.m2o_eligible
        assert row.handoffs_without_item == without.m2o_eligible
        assert row.missing_in_converted == without.m2o_converted
        assert row.missing_in_not_converted == without.m2o_eligible - without.m2o_converted
        if with_item.m2o_eligible:
            assert row.m2o_rate_with == pytest.approx(with_item.m2o_converted / with_item.m2o_eligible)
        if without.m2o_eligible:
            assert row.m2o_rate_without == pytest.approx(without.m2o_converted / without.m2o_eligible)


# --- sla_by_team ----------------------------------------------------------------------------------------------

def test_sla_escalation_list_equals_the_open_breaches_mart(outputs, published):
    shown = csv(outputs["sla_by_team"], "open_breaches")
    mart = published("mart_sla_breaches_open")
    keys = ["lead_id", "handoff_seq", "breach", "ae_id", "manager_id"]

    def rows(frame):
        return sorted(zip(*(frame[k].fillna("").astype(str) for k in keys), frame.hours_overdue.round(6),
                          pd.to_datetime(frame.due_at, utc=True)))

    assert len(mart) > 0
    assert rows(shown) == rows(mart)
    by_manager = csv(outputs["sla_by_team"], "breaches_by_manager")
    assert by_manager.unaccepted.sum() == (mart.breach == "ACCEPTANCE").sum()
    assert by_manager.uncontacted.sum() == (mart.breach == "FIRST_CONTACT").sum()
    assert figures(outputs["sla_by_team"])["open_breaches"] == len(mart)


def test_sla_weekly_compliance_by_manager_equals_the_handoffs_counted_directly(outputs, published):
    shown = csv(outputs["sla_by_team"], "manager_weekly")
    handoffs = published("fct_handoff").assign(week=lambda f: monday(f.cohort_date))
    handoffs = handoffs[handoffs.week <= published.last_week()]
    expected = handoffs.groupby(["manager_id", "week"], dropna=False).agg(
        acceptance_eligible=("sla_accept_met", "count"),
        accepted_in_sla=("sla_accept_met", lambda s: int(s.fillna(False).astype(bool).sum())),
        contact_eligible=("sla_contact_met", "count"),
        contacted_in_sla=("sla_contact_met", lambda s: int(s.fillna(False).astype(bool).sum())))
    got = shown.assign(week=pd.to_datetime(shown.week).dt.date).set_index(["manager_id", "week"])[expected.columns]
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index(), check_dtype=False)
    assert (shown.acceptance_rate.dropna().between(0, 1)).all()


def test_sla_speed_to_lead_equals_the_handoffs_measured_directly(outputs, published):
    result = figures(outputs["sla_by_team"])
    handoffs = published("fct_handoff")
    handoffs = handoffs[monday(handoffs.cohort_date) <= published.last_week()]
    contacted = handoffs[handoffs.first_contact_at.notna()]
    assert result["contacted"] == len(contacted)
    assert result["not_contacted"] == len(handoffs) - len(contacted)
    assert result["median_business_hours_to_first_contact"] == pytest.approx(
        contacted.business_hours_to_first_contact.median())
    assert result["median_wall_clock_hours_to_first_contact"] == pytest.approx(contacted.hours_to_first_contact.median())


# --- routing_review -------------------------------------------------------------------------------------------

def test_routing_cost_of_misroutes_equals_the_routing_and_quality_marts(outputs, published):
    cost = pd.DataFrame(figures(outputs["routing_review"])["cost"]).set_index("routing_verdict")
    audit = published("mart_routing_audit")
    audit = audit[audit.week <= published.last_week()]
    by_verdict = audit.groupby("routing_verdict")[["handoffs", "accepted_in_sla", "acceptance_eligible",
                                                   "reassigned_handoffs"]].sum()
    pd.testing.assert_frame_equal(cost[by_verdict.columns].sort_index(), by_verdict.sort_index(), check_dtype=False)
    # Checklist item 1 is present exactly when the verdict is CORRECT: its quality-mart rows split conversion
    # into correctly routed and not.
    quality = published("mart_handoff_quality")
    routing = quality[(quality.checklist_item == "routing") & (quality.week <= published.last_week())]
    correct = routing[routing.item_present][["m2o_eligible", "m2o_converted"]].sum()
    wrong = routing[~routing.item_present][["m2o_eligible", "m2o_converted"]].sum()
    assert cost.loc["CORRECT", "m2o_eligible"] == correct.m2o_eligible
    assert cost.loc["CORRECT", "m2o_converted"] == correct.m2o_converted
    assert cost.drop("CORRECT").m2o_eligible.sum() == wrong.m2o_eligible
    assert cost.drop("CORRECT").m2o_converted.sum() == wrong.m2o_converted


def test_routing_review_reads_the_backtest_of_the_example_candidate(outputs, warehouse, published):
    backtest = figures(outputs["routing_review"])["backtest"]
    replay = DeltaTable(str(warehouse / "ops" / "routing_backtest")).to_pandas()
    assert backtest["handoffs"] == len(replay) == len(published("fct_handoff"))
    assert backtest["changed"] == replay.changed.sum()
    assert backtest["correct_now"] == (replay.current_verdict == "CORRECT").sum()
    assert backtest["correct_candidate"] == (replay.candidate_verdict == "CORRECT").sum()
    by_rule = pd.DataFrame(backtest["by_rule"]).set_index(["current_rule", "candidate_rule"]).sort_index()
    expected = replay.groupby(["current_rule", "candidate_rule"]).agg(handoffs=("changed", "size"),
                                                                      changed=("changed", "sum"))
    pd.testing.assert_frame_equal(by_rule[["handoffs", "changed"]], expected.sort_index(), check_dtype=False)
    # What the example candidate says it does: territory first, so only account-owner routing moves.
    assert backtest["changed"] > 0
    assert not replay[replay.current_rule == "territory_pool"].changed.any()


def test_routing_review_without_a_backtest_says_how_to_run_one(standard_sample, tmp_path):
    folder = execute("routing_review", standard_sample.warehouse, tmp_path)
    result = figures(folder)
    assert result["backtest"] is None
    assert result["charts"] == ["verdicts_by_week.png", "misroute_cost.png"]
    executed = nbformat.read(tmp_path / "routing_review.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code" for o in c.outputs)
    assert "warehouse routing backtest --rules conf/examples/routing-candidate.yaml" in printed
