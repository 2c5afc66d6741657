"""`branchdesk --self-test`: every step runs for real and a failing step stops the run."""

import pytest

from app import selftest
from app.cli import main
from base.errors import UserError


def test_self_test_passes_every_step() -> None:
    lines: list[str] = []
    assert selftest.run_self_test(lines.append)
    assert len(lines) == len(selftest.STEPS) + 1
    for (label, _step), line in zip(selftest.STEPS, lines, strict=False):
        assert f"通过 {label}" in line
    assert "ZJ-01-000001" in lines[5]  # the package really went out and came in
    assert lines[-1] == "自检通过。"


def test_a_failing_step_is_reported_and_stops_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_run: object) -> str:
        raise UserError("没有中文字体")

    steps = list(selftest.STEPS)
    steps[4] = (steps[4][0], broken)
    monkeypatch.setattr(selftest, "STEPS", tuple(steps))
    lines: list[str] = []
    assert not selftest.run_self_test(lines.append)
    assert lines[-2] == f"[5/{len(steps)}] 失败 打印会议记录（PDF）：没有中文字体"
    assert lines[-1] == "自检未通过。"
    assert len(lines) == 6  # nothing ran after the failure


def test_an_unexpected_error_is_shown_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_run: object) -> str:
        raise KeyError("city")

    monkeypatch.setattr(selftest, "STEPS", (("打开", broken),))
    lines: list[str] = []
    assert not selftest.run_self_test(lines.append)
    assert lines[0] == "[1/1] 失败 打开：KeyError('city')"


def test_cli_flag_runs_it_and_sets_the_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = [True]
    monkeypatch.setattr(selftest, "run_self_test", lambda: outcome[0])
    assert main(["--self-test"]) == 0
    outcome[0] = False
    assert main(["--self-test"]) == 1
