"""The `branchdesk` command: --db anywhere, exit codes, JSON output."""

import json
from importlib.metadata import version
from pathlib import Path

import pytest

from app.cli import main, split_global_options


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_db_option_is_taken_from_anywhere() -> None:
    argv = ["members", "--db", "x.db", "list"]
    assert split_global_options(argv) == ("x.db", ["members", "list"])
    assert split_global_options(["--db=y.db", "check"]) == ("y.db", ["check"])


def test_version_is_the_installed_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])

    assert exited.value.code == 0
    assert capsys.readouterr().out == f"支部工作台 {version('branchdesk')}\n"


def test_usage_errors_and_help_are_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["meetings", "list", "--year"])
    err = capsys.readouterr().err
    assert exited.value.code == 1
    assert err.startswith("用法：branchdesk meetings list") and "参数 --year：后面需要一个值" in err

    with pytest.raises(SystemExit):
        main(["city", "fund", "balance"])
    assert "无效的选择：'balance'（可选：'applications'" in capsys.readouterr().err

    with pytest.raises(SystemExit) as exited:  # a wrong date is a usage error, not a crash
        main(["init", "--name", "中共测试支部", "--code", "T-1", "--term-start", "2026-02-30"])
    assert exited.value.code == 1 and "日期“2026-02-30”不对" in capsys.readouterr().err

    with pytest.raises(SystemExit) as exited:
        main(["meetings", "list", "--year", "99999"])
    assert exited.value.code == 1 and "年份“99999”不对" in capsys.readouterr().err

    with pytest.raises(SystemExit) as exited:
        main(["members", "--help"])
    out = capsys.readouterr().out
    assert exited.value.code == 0 and "选项" in out and "显示本帮助后退出" in out
    assert "options" not in out and "usage" not in out


def test_init_then_check_then_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "b.db")
    code, out, _ = run(capsys, "init", "--name", "中共测试单位机关党支部", "--code", "t-01",
                       "--group", "第一党小组", "--db", db)
    assert code == 0 and "T-01" in out
    code, out, _ = run(capsys, "--db", db, "check")
    assert code == 0 and "检查通过" in out
    code, out, _ = run(capsys, "members", "list", "--json", "--db", db)
    assert code == 0 and json.loads(out) == []


def test_user_error_exits_1_with_chinese_message(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "init", "--name", "中共测试支部", "--code", "坏 代码",
                          "--db", str(tmp_path / "b.db"))
    assert code == 1
    assert err.startswith("错误：") and "支部代码" in err


def test_usage_error_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["members", "no-such-action"])
    assert caught.value.code == 1


def test_demo_members_list_json_has_every_field(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "demo.db")
    assert run(capsys, "demo", "--db", db, "--today", "2026-11-25")[0] == 0
    code, out, _ = run(capsys, "members", "list", "--json", "--db", db)
    members = json.loads(out)
    assert code == 0 and 30 <= len(members) <= 40
    first = members[0]
    for key in ("name", "gender", "id_number", "ethnicity", "birth_date", "education",
                "category", "join_date", "full_date", "job", "phone", "address",
                "membership_status", "lost_contact", "mobile", "group_name", "id", "version"):
        assert key in first
    code, _out, err = run(capsys, "demo", "--db", db)
    assert code == 1 and "已有党员数据" in err


def test_backup_command_writes_a_verified_copy(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "b.db"
    run(capsys, "init", "--name", "中共测试支部", "--code", "T1", "--db", str(db))
    code, out, _ = run(capsys, "backup", "--db", str(db))
    assert code == 0 and "已备份并校验" in out
    assert len(list((tmp_path / "backups").glob("b-*-manual.db"))) == 1
