"""`branchdesk recruits list|check` on the demo: every stage listed, the deliberate violation
found and nothing else; bad input gets a Chinese message."""

import json

import pytest

from app.cli import main
from app.demo.recruits import EARLY_NAME
from db.database import Database
from tests.test_cli import run


@pytest.fixture
def demo_path(demo_database: Database) -> str:
    path = str(demo_database.path)
    demo_database.close()  # the command opens it itself (one writer at a time)
    return path


def test_check_finds_the_demo_violation_and_nothing_else(
        capsys: pytest.CaptureFixture[str], demo_path: str) -> None:
    code, out, _err = run(capsys, "--db", demo_path, "recruits", "check", "--json",
                          "--on", "2026-11-25")
    assert code == 0
    found = json.loads(out)
    assert [(v["name"], v["step"], v["kind"]) for v in found] == [
        (EARLY_NAME, "确定发展对象", "过早")]
    assert "一年以上" in found[0]["rule"]
    code, out, _err = run(capsys, "--db", demo_path, "recruits", "check", "--on", "2026-11-25")
    assert code == 0 and "发现 1 处问题" in out and EARLY_NAME in out


def test_list_shows_every_stage_with_the_next_step(
        capsys: pytest.CaptureFixture[str], demo_path: str) -> None:
    code, out, _err = run(capsys, "--db", demo_path, "recruits", "list", "--all", "--json")
    assert code == 0
    rows = json.loads(out)
    identities = {r["identity"] for r in rows}
    assert identities >= {"入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员"}
    on_way = [r for r in rows if r["next_step"]]
    assert all(r["earliest"] or r["latest"] for r in on_way)
    talk = next(r for r in rows if r["next_step"] == "党组织派人谈话")
    assert talk["latest"] and talk["identity"] == "入党申请人"
    code, out, _err = run(capsys, "--db", demo_path, "recruits", "list")
    assert code == 0 and "下一步" in out and "（已完成）" not in out


def test_a_bad_date_is_refused_in_chinese(capsys: pytest.CaptureFixture[str],
                                          demo_path: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--db", demo_path, "recruits", "check", "--on", "2026-13-01"])
    assert exited.value.code == 1
    assert "日期“2026-13-01”不对" in capsys.readouterr().err
