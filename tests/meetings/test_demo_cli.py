"""The ten-year demo branch's meetings, and `branchdesk meetings list|show|check|search`."""

import json
from collections import Counter

import pytest
from sqlalchemy import select

from app.branch import get_profile
from app.cli import main
from app.meetings.compliance import HELD, OVERDUE, compliance
from app.meetings.detail import get_meeting_detail
from app.meetings.listing import list_meetings
from db.database import Database
from db.models import Meeting
from tests.conftest import TODAY


def test_demo_has_ten_realistic_years(demo_database: Database) -> None:
    with demo_database.session() as session:
        rows = list_meetings(session)
        years = Counter(r.date.year for r in rows)
        assert sorted(years) == list(range(TODAY.year - 9, TODAY.year + 1))
        assert all(count >= 60 for count in years.values())
        assert any(r.backdated for r in rows) and any(r.amended for r in rows)
        statuses = Counter(r.status for r in rows)
        assert statuses["草稿"] >= 1 and statuses["定稿"] > 600
        assert any(r.types == ["支部党员大会", "主题党日"] for r in rows)
        for year in (TODAY.year - 5, TODAY.year - 1):
            report = compliance(session, year, TODAY)
            held = len(report.cells(HELD))
            missed = len(report.cells(OVERDUE))
            assert missed >= 1  # some meetings were missed…
            assert held > 8 * missed  # …but most were held
            assert all(c.state == HELD for r in report.rows if r.type == "组织生活会"
                       for c in r.cells)


def test_demo_votes_grades_and_rectifications(demo_database: Database) -> None:
    with demo_database.session() as session:
        results: Counter[str] = Counter()
        grades = warnings = followups = rectifications = 0
        elections = []
        for meeting_id in session.scalars(select(Meeting.id).order_by(Meeting.date)):
            detail = get_meeting_detail(session, meeting_id)
            for item in detail.agenda:
                if item.vote is not None:
                    results[item.vote.result] += 1
                if item.election is not None:
                    elections.append(item.election)
            grades += len(detail.grades)
            warnings += len(detail.grade_warnings)
            followups += len(detail.followups)
            rectifications += len(detail.rectifications)
            assert all(a.reason for a in detail.absentees) or detail.status == "草稿"
            assert not any(g.name for g in detail.grades
                           if next(a for a in detail.attendees
                                   if a.member_id == g.member_id).category == "预备党员")
        assert results["通过"] >= 20 and results["无效"] == 0
        # 换届 every three years; the last one elected today's 支部委员会.
        assert len(elections) == 3 and all(e.result == "有效" for e in elections)
        assert {e.style for e in elections} >= {"差额选举"}
        committee = {c["name"] for c in get_profile(session).committee}
        assert set(elections[-1].elected) == committee
        assert any(c.result == "未当选" for c in elections[-1].candidates)
        assert grades > 200 and warnings == 0
        assert rectifications >= 27 and followups >= 20


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_list_show_check_search(demo_database: Database,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_database.path)
    demo_database.close()  # the CLI takes the single-instance lock itself
    code, out, _ = run(capsys, "--db", db, "meetings", "list", "--json")
    everything = json.loads(out)
    assert code == 0 and len(everything) > 700 and all(item["id"] for item in everything)
    code, out, _ = run(capsys, "--db", db, "meetings", "list", "--year", "2025", "--type",
                       "支部委员会", "--json")
    committee = json.loads(out)
    assert committee and all(i["date"].startswith("2025") and "支部委员会" in i["types"]
                             for i in committee)
    code, out, _ = run(capsys, "--db", db, "meetings", "list", "--year", "2025")
    assert code == 0 and "2025年第1次支部委员会" in out
    voted = next(i for i in everything if i["title"] == "支部换届选举")
    code, out, _ = run(capsys, "--db", db, "meetings", "show", voted["id"])
    assert code == 0 and voted["heading"] in out and "有表决权的党员应到" in out
    assert "选举产生新一届支部委员会" in out and "——通过" in out and "——当选" in out
    code, out, _ = run(capsys, "--db", db, "meetings", "show", voted["id"], "--json")
    shown = json.loads(out)
    assert shown["id"] == voted["id"]
    assert shown["agenda"][0]["first_topic"]  # the demo's 党员大会 open with a 第一议题
    election = next(a["election"] for a in shown["agenda"] if a["election"])
    assert election["result"] == "有效" and len(election["elected"]) == election["seats"] == 5
    assert all(c["result"] in ("当选", "未当选") for c in election["candidates"])
    code, out, _ = run(capsys, "--db", db, "meetings", "check", "--year", "2026", "--json")
    report = json.loads(out)
    assert code == 0 and report["year"] == 2026
    assert {row["type"] for row in report["rows"]} >= {"支部委员会", "党课", "主题党日"}
    topics = report["第一议题"]
    assert topics["required"] > topics["with_topic"] > 0.8 * topics["required"]
    assert len(topics["missing"]) == topics["required"] - topics["with_topic"]
    code, out, _ = run(capsys, "--db", db, "meetings", "check", "--year", "2026")
    assert code == 0 and "逾期未开：" in out
    code, out, _ = run(capsys, "--db", db, "meetings", "search", "垃圾分类")
    assert code == 0 and "【垃圾分类】" in out
    code, _out, err = run(capsys, "--db", db, "meetings", "show", "no-such-id")
    assert code == 1 and "找不到该会议记录" in err
    code, _out, err = run(capsys, "--db", db, "meetings", "list", "--type", "茶话会")
    assert code == 1 and "会议类型应为" in err
