"""党员名册 as PDF (app/members/printing.py) and `branchdesk print roster`."""

import datetime as dt
from pathlib import Path

import pytest

from app.cli import main
from app.members.printing import roster_members, roster_pdf
from app.members.service import list_members
from db.database import Database
from tests import pdfcheck
from tests.conftest import TODAY


def test_the_demo_roster_lists_everyone_on_it_group_by_group(demo_database: Database) -> None:
    with demo_database.session() as session:
        on_roster = list_members(session, on=TODAY)
        ordered = roster_members(session, TODAY)
        pdf = roster_pdf(session, TODAY)

    assert sorted(m.id for m in ordered) == sorted(m.id for m in on_roster)
    groups = [m.group.name if m.group else "" for m in ordered]
    assert groups == sorted(groups, key=groups.index)  # each 党小组 together
    text = pdfcheck.compact(pdf)
    assert f"{len(on_roster)}名" in text and all(m.name in text for m in on_roster)
    assert "制表人（签字）" in text
    assert pdfcheck.lines_starting_with_punctuation(pdf) == []


def test_roster_on_an_earlier_day_leaves_out_later_members(demo_database: Database) -> None:
    day = dt.date(TODAY.year - 5, 1, 1)
    with demo_database.session() as session:
        later = [m for m in list_members(session, on=TODAY) if m.join_date > day]
        text = pdfcheck.compact(roster_pdf(session, day))

    assert later and not any(m.name in text for m in later if len(m.name) > 2)
    assert f"{day.year}年1月1日" in text


def test_print_roster_command(demo_database: Database, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "名册.pdf"
    db = str(demo_database.path)
    demo_database.close()

    assert main(["--db", db, "print", "roster", "--date", TODAY.isoformat(),
                 "-o", str(target)]) == 0
    assert "党员名册" in pdfcheck.compact(target.read_bytes())
    with pytest.raises(SystemExit) as exited:
        main(["--db", db, "print", "roster", "--date", "2026-13-01", "-o", str(target)])
    assert exited.value.code == 1
    assert "日期“2026-13-01”不对" in capsys.readouterr().err
