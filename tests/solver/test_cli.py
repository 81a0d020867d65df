"""`peerreview solve`: the contract's exit codes, outputs and error lines."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import solver
from solver.check import check_plan
from solver.cli import progress_line, solve_command
from solver.schema import (
    Plan,
    Progress,
    Unscheduled,
    parse_plan,
    parse_problem,
    plan_to_dict,
)
from tests.solver.problems import hand_made_dict, valid_plan

HAS_SOLVE = importlib.util.find_spec("solver.solve") is not None
needs_solver = pytest.mark.skipif(not HAS_SOLVE, reason="solver.solve not written yet")


@pytest.fixture
def problem_file(tmp_path: Path) -> Path:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(hand_made_dict()))
    return path


def run(*args: str):
    return CliRunner().invoke(solve_command, list(args))


# ------------------------------------------------------------------ exit 2: bad input


def test_invalid_problem_exits_2_with_one_line_per_problem(tmp_path: Path):
    data = hand_made_dict()
    data["reviews"][1]["days"] = 7
    data["reviewers"][0]["role"] = "chief"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = run(str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        'reviewers[0] (id D1).role: "chief" is not one of: director, senior_manager, '
        "practitioner, councillor",
        "reviews[1] (id RV-002).days: 7 is more than 5",
    ]
    assert "Traceback" not in result.output


def test_semantic_errors_exit_2(tmp_path: Path):
    data = hand_made_dict()
    data["reviews"][0]["council"] = "NOWHERE"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = run(str(path))
    assert result.exit_code == 2
    assert result.stderr == "reviews[0] (id RV-001).council: unknown council code 'NOWHERE'\n"


def test_invalid_json_exits_2(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    result = run(str(path))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{path}: not valid JSON")


def test_missing_file_exits_2(tmp_path: Path):
    result = run(str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "cannot read file" in line


def test_invalid_previous_plan_exits_2(problem_file: Path, tmp_path: Path):
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps({"format": "peerreview-plan/1"}))
    result = run(str(problem_file), "--previous", str(previous))
    assert result.exit_code == 2
    assert "status: is required but missing" in result.stderr.splitlines()


def test_unwritable_output_exits_2_before_solving(problem_file: Path, tmp_path: Path):
    result = run(str(problem_file), "--out", str(tmp_path / "no" / "such" / "dir" / "plan.json"))
    assert result.exit_code == 2
    assert "cannot write the plan there" in result.stderr


# ------------------------------------------------------------------ exit 0 and exit 3


@needs_solver
def test_plan_goes_to_stdout_and_progress_to_stderr(problem_file: Path):
    result = run(str(problem_file), "--time-limit", "5", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    plan = parse_plan(json.loads(result.stdout))
    problem = parse_problem(hand_made_dict())
    assert check_plan(problem, plan) == []
    assert {r.id for r in plan.reviews} == {"RV-001", "RV-002"}
    assert "objective" in result.stderr and "bound" in result.stderr and "gap" in result.stderr


@needs_solver
def test_out_writes_the_plan_file(problem_file: Path, tmp_path: Path):
    out = tmp_path / "plan.json"
    result = run(str(problem_file), "--out", str(out), "--time-limit", "5", "--seed", "3")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    plan = parse_plan(json.loads(out.read_text()))
    assert len(plan.reviews) + len(plan.unscheduled) == 2


@needs_solver
def test_previous_plan_is_accepted(problem_file: Path, tmp_path: Path):
    out = tmp_path / "plan.json"
    assert run(str(problem_file), "--out", str(out), "--time-limit", "5").exit_code == 0
    again = tmp_path / "again.json"
    result = run(
        str(problem_file), "--previous", str(out), "--out", str(again), "--time-limit", "5"
    )
    assert result.exit_code == 0, result.stderr
    first = parse_plan(json.loads(out.read_text()))
    second = parse_plan(json.loads(again.read_text()))
    # Nothing changed in the problem, so re-planning keeps every review where it was.
    assert {(r.id, r.start) for r in second.reviews} == {(r.id, r.start) for r in first.reviews}


def test_previous_plan_reviews_missing_from_problem_are_ignored(
    problem_file: Path, tmp_path: Path, monkeypatch
):
    seen = {}

    def fake(problem, **kwargs):
        seen["previous"] = kwargs["previous"]
        return _fake_solve("feasible", scheduled=False)(
            problem, **{**kwargs, "time_limit": 0.5, "workers": 1, "seed": 7}
        )

    monkeypatch.setattr(solver, "solve", fake)
    previous = tmp_path / "previous.json"
    old = plan_to_dict(valid_plan())
    old["reviews"][1]["id"] = "RV-GONE"
    previous.write_text(json.dumps(old))
    result = run(str(problem_file), "--previous", str(previous))
    assert result.exit_code == 0
    assert "ignoring reviews no longer in the problem: RV-GONE" in result.stderr
    assert [r.id for r in seen["previous"].reviews] == ["RV-001"]


def _fake_solve(status: str, scheduled: bool):
    def fake(problem, **kwargs):
        assert kwargs["time_limit"] == 0.5 and kwargs["workers"] == 1 and kwargs["seed"] == 7
        kwargs["on_progress"](Progress(seconds=0.1, objective=3, bound=8))
        return Plan(
            status=status,
            objective=None,
            bound=None,
            solve_seconds=0.5,
            reviews=(),
            unscheduled=tuple(Unscheduled(r.id, ("not placed",)) for r in problem.reviews),
        )

    return fake


def test_no_plan_in_time_exits_3(problem_file: Path, monkeypatch):
    monkeypatch.setattr(solver, "solve", _fake_solve("unknown", scheduled=False))
    result = run(str(problem_file), "--time-limit", "0.5", "--workers", "1", "--seed", "7")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "no plan could be produced within 0.5 s" in result.stderr


def test_plan_with_everything_unscheduled_still_exits_0(problem_file: Path, monkeypatch):
    monkeypatch.setattr(solver, "solve", _fake_solve("infeasible", scheduled=False))
    result = run(str(problem_file), "--time-limit", "0.5", "--workers", "1", "--seed", "7")
    assert result.exit_code == 0
    plan = parse_plan(json.loads(result.stdout))
    assert plan.status == "infeasible" and len(plan.unscheduled) == 2
    assert "0.10s  objective 3  bound 8  gap 62.50%" in result.stderr


def test_bad_option_values_exit_2(problem_file: Path):
    assert run(str(problem_file), "--time-limit", "0").exit_code == 2
    assert run(str(problem_file), "--workers", "zero").exit_code == 2


def test_progress_line_reports_time_objective_bound_gap():
    line = progress_line(Progress(seconds=1.5, objective=90, bound=100))
    assert line.split() == ["1.50s", "objective", "90", "bound", "100", "gap", "10.00%"]
    assert progress_line(Progress(2, None, None)).endswith("gap -")


def test_supply_check_is_printed_before_solving(problem_file: Path, monkeypatch):
    import sys
    import types

    @dataclasses.dataclass
    class Line:
        role: str
        needed: int
        available: int

        def describe(self) -> str:
            return f"{self.role}: {self.needed} needed, {self.available} available"

    fake = types.ModuleType("solver.supply")
    fake.supply_check = lambda problem: [Line("director", 2, len(problem.reviewers))]
    monkeypatch.setitem(sys.modules, "solver.supply", fake)
    monkeypatch.setattr(solver, "solve", _fake_solve("feasible", scheduled=False))
    result = run(str(problem_file), "--time-limit", "0.5", "--workers", "1", "--seed", "7")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0] == "supply: director: 2 needed, 14 available"
    assert "objective 3" in lines[1]  # progress comes after the supply check
