"""The printed 发展党员 papers on the demo: 纪实表 with each step, its meeting and vote; the
公示; the year's 情况表 with the same counts as the year report."""

import pytest

from app.recruits.printing import notice_pdf, record_pdf, yearly_pdf
from app.recruits.track import load_tracks
from app.recruits.yearly import year_report
from base.errors import UserError
from db.database import Database
from tests.pdfcheck import compact, lines_starting_with_punctuation


def test_record_notice_and_year_table(demo_database: Database) -> None:
    with demo_database.session() as session:
        tracks = load_tracks(session)
        full = next(t for t in tracks if t.identity == "正式党员")
        vote = full.done("admission_vote")[0].vote
        record = record_pdf(session, full.id)
        candidate = next(t for t in tracks if t.identity == "发展对象")
        notice = compact(notice_pdf(session, candidate.id))
        applicant = next(t for t in tracks if t.identity == "入党申请人")
        with pytest.raises(UserError, match="尚未确定为发展对象"):
            notice_pdf(session, applicant.id)
        counts, lines = year_report(session, 2026)
        year = compact(yearly_pdf(session, 2026))
    text = compact(record)
    assert "发展党员工作纪实表" in text and full.name in text
    for name in ("递交入党申请书", "支部大会讨论接收预备党员", "上级党委审批转正", "材料归档",
                 "经办人签字", "入党志愿书"):
        assert name in text
    assert f"赞成{vote.yes}票" in text and vote.result in text
    assert not lines_starting_with_punctuation(record)
    assert f"关于{candidate.name}同志拟发展为中共预备党员的公示" in notice
    assert "公示时间" in notice
    assert "2026年度发展党员工作情况表" in year
    assert all(line.name in year for line in lines)
    assert str(counts["年末预备党员"]) in year
