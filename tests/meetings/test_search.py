"""Full-text search: trigram FTS for 3+ characters, a scan for 1–2, highlighted snippets."""

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from app.meetings.attachments import store_file, stored_path
from app.meetings.detail import get_meeting_detail
from app.meetings.search import mark, search_meetings
from app.meetings.service import (
    AgendaInput,
    DecisionInput,
    MeetingInput,
    SpeechInput,
    delete_meeting,
    meeting_input,
    save_meeting,
)

TODAY = dt.date(2026, 11, 25)


def meeting(session: Session, day: dt.date, **values: object) -> str:
    data = MeetingInput(types=["主题党日"], date=day)
    for key, value in values.items():
        setattr(data, key, value)
    return save_meeting(session, data, today=TODAY).id


def test_four_character_query_uses_the_index_and_highlights(session: Session) -> None:
    wanted = meeting(session, dt.date(2026, 3, 20), title="3月主题党日：开展垃圾分类宣传",
                     agenda=[AgendaInput("学习垃圾分类条例")])
    meeting(session, dt.date(2026, 4, 20), title="4月主题党日：参观纪念馆")
    hits = search_meetings(session, "垃圾分类")
    assert [h.meeting_id for h in hits] == [wanted]
    hit = hits[0]
    assert hit.more == 1  # the 议题 matches as well
    assert mark(hit.snippet, hit.spans, "【", "】") == "3月主题党日：开展【垃圾分类】宣传"


def test_two_character_query_falls_back_to_a_scan(session: Session) -> None:
    dues = meeting(session, dt.date(2026, 5, 20), agenda=[AgendaInput("集中交纳党费")])
    meeting(session, dt.date(2026, 6, 20), agenda=[AgendaInput("重温入党誓词")])
    hits = search_meetings(session, "党费")
    assert [h.meeting_id for h in hits] == [dues]
    assert hits[0].kind == "议题"
    assert mark(hits[0].snippet, hits[0].spans, "<", ">") == "集中交纳<党费>"
    assert [h.meeting_id for h in search_meetings(session, "费")] == [dues]


def test_speeches_decisions_and_every_occurrence_are_found(session: Session) -> None:
    found = meeting(session, dt.date(2026, 7, 20),
                    speeches=[SpeechInput("王芳", "建议结对帮扶，结对帮扶要常态化")],
                    decisions=[DecisionInput("落实结对帮扶", "李强")])
    hits = search_meetings(session, "结对帮扶")
    assert hits[0].meeting_id == found and hits[0].more == 1
    assert len(hits[0].spans) == 2


def test_index_follows_changes_and_deletion(session: Session) -> None:
    meeting_id = meeting(session, dt.date(2026, 8, 20), title="学习贯彻全会精神")
    data = meeting_input(session, meeting_id)
    data.title = "学习党纪条例"
    save_meeting(session, data, meeting_id, today=TODAY)
    assert search_meetings(session, "全会精神") == []
    assert [h.meeting_id for h in search_meetings(session, "党纪条例")] == [meeting_id]
    delete_meeting(session, meeting_id)
    assert search_meetings(session, "党纪条例") == []
    assert search_meetings(session, "党纪") == []


def test_year_filter_order_and_empty_query(session: Session) -> None:
    old = meeting(session, dt.date(2024, 3, 20), summary="强调理论学习")
    new = meeting(session, dt.date(2026, 3, 20), summary="继续加强理论学习")
    assert [h.meeting_id for h in search_meetings(session, "理论学习")] == [new, old]
    assert [h.meeting_id for h in search_meetings(session, "理论学习", year=2024)] == [old]
    assert search_meetings(session, "  ") == []
    assert search_meetings(session, '"理论') == []  # quotes cannot break the query


def test_attachments_are_stored_once_by_content(session: Session, tmp_path: Path) -> None:
    photo = tmp_path / "合影.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    copy = tmp_path / "合影副本.jpg"
    copy.write_bytes(photo.read_bytes())
    first = store_file(session, photo, "会后合影")
    second = store_file(session, copy)
    assert first.sha256 == second.sha256
    stored = stored_path(session, first.sha256)
    assert stored.read_bytes() == photo.read_bytes()
    assert stored.parent.parent.name == "attachments"
    assert len(list(stored.parent.parent.rglob("*"))) == 2  # one folder, one file
    meeting_id = meeting(session, dt.date(2026, 9, 20), attachments=[first, second])
    files = get_meeting_detail(session, meeting_id).attachments
    assert [(a.filename, a.caption) for a in files] == [("合影.jpg", "会后合影"),
                                                        ("合影副本.jpg", "")]
