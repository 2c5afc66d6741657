"""The command line and the demo for issue 15: the roster of a date, 党籍变化, the frozen
and recomputed figures, and the demo's 延长预备期, approved exclusion and written opinion."""

import pytest
from sqlalchemy import select

from app.cli import main
from app.demo.members import EXTENDED_NAME
from app.meetings.detail import get_meeting_detail
from app.members.rules import probation_end
from app.members.standing import roster_on
from db.database import Database
from db.models import Member, MemberStatusPeriod
from tests.conftest import TODAY


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_demo_shows_the_new_facts(demo_database: Database) -> None:
    """branchdesk demo: a 延长预备期 decided at a 党员大会 where one bedridden member was left
    out of 应到 with approval and one absent voter's written opinion counted."""
    with demo_database.session() as session:
        member = session.scalars(select(Member).where(Member.name == EXTENDED_NAME)).one()
        period = session.scalars(select(MemberStatusPeriod)).one()
        assert period.kind == "延长预备期" and period.member_id == member.id
        assert probation_end(member) > TODAY
        detail = get_meeting_detail(session, period.meeting_id)
        assert detail.is_final and len(detail.excluded) == 1
        # after the 第一议题 the demo opens every 党员大会 with
        vote = next(item.vote for item in detail.agenda if "延长预备期" in item.title)
        assert vote is not None and len(vote.written) == 1 and vote.result == "通过"
        assert detail.voters_expected == len([
            s for s in roster_on(session, detail.date) if s.voter]) - 1


def test_members_on_a_date_and_periods(demo_database: Database,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_database.path)
    demo_database.close()
    code, out, _ = run(capsys, "members", "list", "--on", "2026-11-25", "--db", db)
    assert code == 0 and EXTENDED_NAME in out and "其中有表决权" in out
    code, _out, err = run(capsys, "members", "period", EXTENDED_NAME, "--kind", "延长预备期",
                          "--date", "2026-10-01", "--months", "6", "--db", db)
    assert code == 1 and "只能延长一次" in err
    code, _out, err = run(capsys, "members", "period", "无此人", "--kind", "留党察看",
                          "--date", "2026-10-01", "--db", db)
    assert code == 1 and "找不到党员" in err
    with pytest.raises(SystemExit):  # a usage error: the kinds are listed as written
        run(capsys, "members", "period", EXTENDED_NAME, "--kind", "处分", "--date",
            "2026-10-01", "--db", db)
    assert "（可选：'延长预备期', '留党察看', '停止党籍'）" in capsys.readouterr().err
    code, out, _ = run(capsys, "members", "history-report", "--db", db)
    assert code == 0 and "没有需要核对的事项" in out
    code, out, _ = run(capsys, "members", "history-report", "--checked", "--db", db)
    assert code == 0 and "没有需要核对的事项" in out  # nothing was waiting


def test_meetings_show_recompute_compares_without_changing(
        demo_database: Database, capsys: pytest.CaptureFixture[str]) -> None:
    with demo_database.session() as session:
        meeting_id = session.scalars(select(MemberStatusPeriod.meeting_id)).one()
        member_id = session.scalars(select(Member.id).where(Member.name == EXTENDED_NAME)).one()
    db = str(demo_database.path)
    demo_database.close()
    code, out, _ = run(capsys, "meetings", "show", meeting_id, "--db", db)
    assert code == 0 and "经上级党组织同意不计入应到会人数" in out and "※书面意见" in out
    # 停止党籍 recorded from before the meeting: the record keeps its figures (he was expected
    # then); the comparison shows the difference.
    code, _out, _err = run(capsys, "members", "period", member_id, "--kind", "停止党籍",
                           "--date", "2026-08-01", "--db", db)
    assert code == 0
    code, out, _ = run(capsys, "meetings", "show", meeting_id, "--recompute", "--db", db)
    assert code == 0 and "有变化" in out and "记录未改动" in out
    with Database.open(db) as database, database.session() as session:
        detail = get_meeting_detail(session, meeting_id)
        assert EXTENDED_NAME in [a.name for a in detail.attendees]
