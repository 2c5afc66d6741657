"""`branchdesk print minutes|signin|book`."""

from pathlib import Path

import pytest

from app.cli import main
from db.database import Database
from tests import pdfcheck
from tests.printing_data import make_branch, make_meeting


@pytest.fixture
def meeting(tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "b.db"
    with Database.open(path) as database, database.session() as session:
        meeting_id = make_meeting(session, make_branch(session))
    return str(path), meeting_id


def test_print_minutes_signin_and_book(meeting, tmp_path: Path, capsys) -> None:
    db, meeting_id = meeting
    for argv, expected in (
        (["print", "minutes", meeting_id, "-o", str(tmp_path / "m.pdf")], "活动记录"),
        (["print", "minutes", meeting_id, "--version", "1", "-o", str(tmp_path / "v.pdf")],
         "活动记录"),
        (["print", "signin", meeting_id, "-o", str(tmp_path / "s.pdf")], "签到表"),
        (["print", "book", "--year", "2026", "-o", str(tmp_path / "b.pdf")], "目 录"),
    ):
        assert main(["--db", db, *argv]) == 0
        out = capsys.readouterr().out
        assert out.startswith("已生成：")
        pdf = Path(argv[argv.index("-o") + 1]).read_bytes()
        assert expected in pdfcheck.text(pdf)
    assert not list(tmp_path.glob("*.part"))


def test_print_errors_are_clear(meeting, tmp_path: Path, capsys) -> None:
    db, meeting_id = meeting
    assert main(["--db", db, "print", "minutes", "no-such-id", "-o",
                 str(tmp_path / "m.pdf")]) == 1
    assert "找不到该会议记录" in capsys.readouterr().err
    assert main(["--db", db, "print", "minutes", meeting_id, "-o",
                 str(tmp_path / "missing" / "m.pdf")]) == 1
    assert "找不到输出文件夹" in capsys.readouterr().err
    assert main(["--db", db, "print", "signin", meeting_id, "-o", str(tmp_path / "s.txt")]) == 1
    assert ".pdf" in capsys.readouterr().err
    assert not (tmp_path / "m.pdf").exists()
