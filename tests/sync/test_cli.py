"""The `sync` and `city` commands end to end, as a secretary and a city operator use them."""

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_branch_and_city_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    branch, city, stick = tmp_path / "branch.db", tmp_path / "city.db", tmp_path / "stick"
    key = tmp_path / "city.bdkey"
    assert run(capsys, "--db", branch, "init", "--name", "中共测试单位党支部",
               "--code", "T-1")[0] == 0
    code, out = run(capsys, "--db", city, "city", "init", "--name", "市直机关工委",
                    "--public-key", key)
    assert code == 0 and "指纹" in out
    city_fingerprint = out.split("指纹：")[1].split()[0:8]

    code, out = run(capsys, "--db", branch, "sync", "export", "--to", stick)
    assert code == 1 and "工委公钥" in out
    code, out = run(capsys, "--db", branch, "sync", "city-key", key)
    assert code == 1 and "未导入" in out  # not a terminal and no --yes: nothing saved
    code, out = run(capsys, "--db", branch, "sync", "city-key", key, "--yes")
    assert code == 0 and " ".join(city_fingerprint) in out
    code, out = run(capsys, "--db", branch, "sync", "status")
    assert code == 0 and "待交工委的记录或修改：1 项（支部信息）" in out
    assert "branch_profile" not in out

    code, out = run(capsys, "--db", branch, "sync", "export", "--to", stick)
    assert code == 0 and "第 1 号" in out and "已读回校验" in out
    assert "支部信息：1 条" in out and "branch_profile" not in out
    package = next(stick.glob("*.bdsync"))
    code, out = run(capsys, "--db", branch, "sync", "verify", package)
    assert code == 0 and "签名有效" in out and "第 1 号" in out

    code, out = run(capsys, "--db", city, "city", "import", stick)
    assert code == 1 and "尚未确认" in out
    code, out = run(capsys, "--db", branch, "sync", "key")
    fingerprint = out.split("：")[1].strip()
    assert run(capsys, "--db", city, "city", "trust", "T-1", fingerprint)[0] == 0
    code, out = run(capsys, "--db", city, "city", "import", stick, "--dry-run")
    assert code == 0 and "试导入" in out and not list(stick.glob("*.bdreturn"))
    code, out = run(capsys, "--db", city, "city", "import", stick, "--pdf", tmp_path / "r.pdf")
    assert code == 0 and "新增 1" in out and (tmp_path / "r.pdf").read_bytes()[:4] == b"%PDF"
    returned = next(stick.glob("*.bdreturn"))

    code, out = run(capsys, "--db", branch, "sync", "verify", returned)
    assert code == 0 and "回执文件完整" in out
    code, out = run(capsys, "--db", branch, "sync", "receive", returned)
    assert code == 0 and "第 1 号" in out
    code, out = run(capsys, "--db", branch, "sync", "status", "--json")
    status = json.loads(out)
    assert status["unacknowledged"] == [] and status["last_export"]["acknowledged"]

    code, out = run(capsys, "--db", city, "city", "branches", "--json")
    (row,) = json.loads(out)
    assert row["code"] == "T-1" and row["last_seq"] == 1 and row["missing"] == []
    assert run(capsys, "--db", city, "city", "notify", "--all", "--title", "通知",
               "--text", "请按时报送")[0] == 0
    code, out = run(capsys, "--db", city, "city", "report", "--year", "2026", "--json")
    assert json.loads(out)["branches"][0]["code"] == "T-1"
    assert run(capsys, "--db", city, "city", "report", "--year", "2026", "--xlsx",
               tmp_path / "r.xlsx")[0] == 0
    assert "党员统计" in load_workbook(tmp_path / "r.xlsx").sheetnames
    code, out = run(capsys, "--db", city, "city", "restore-package", "T-1", "-o", stick)
    assert code == 0 and "恢复包" in out

    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\ncorrect horse battery\n"))
    code, out = run(capsys, "--db", city, "city", "backup-key", "-o", tmp_path / "city-key.pem")
    assert code == 0 and " ".join(city_fingerprint) in out
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    code, out = run(capsys, "--db", tmp_path / "city2.db", "city", "init", "--name", "工委",
                    "--restore-key", tmp_path / "city-key.pem", "--public-key",
                    tmp_path / "again.bdkey")
    assert code == 0 and "已恢复" in out and " ".join(city_fingerprint) in out


def test_city_import_of_nothing_is_a_clear_error(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", tmp_path / "city.db", "city", "init", "--name", "工委", "--public-key",
        tmp_path / "k.bdkey")
    code, out = run(capsys, "--db", tmp_path / "city.db", "city", "import", tmp_path)
    assert code == 1 and "没有找到数据包" in out
