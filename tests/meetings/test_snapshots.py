"""Version snapshots carry a format version; older formats are upgraded when read.

data/snapshot_release_0_1_0.json is the snapshot release 0.1.0 (commit 1cef5b4) stored for the
meeting of tests/printing_data.py, written by that release's own code.
"""

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.meetings.detail import computed_detail, get_meeting_detail
from app.meetings.minutes import minutes_pdf
from app.meetings.snapshots import SNAPSHOT_VERSION, UPGRADES, to_plain, upgrade, version_detail
from base.errors import UserError
from db.models import MeetingVersion
from tests.pdfcheck import compact
from tests.printing_data import make_branch, make_meeting

RELEASE_0_1_0 = Path(__file__).parent / "data" / "snapshot_release_0_1_0.json"


def _first_version(session: Session, meeting_id: str) -> MeetingVersion:
    return session.scalars(select(MeetingVersion).where(MeetingVersion.meeting_id == meeting_id,
                                                        MeetingVersion.number == 1)).one()


def test_a_new_version_stores_the_current_format(session: Session) -> None:
    meeting_id = make_meeting(session, make_branch(session))
    stored = _first_version(session, meeting_id).snapshot
    assert stored["version"] == SNAPSHOT_VERSION
    assert stored["detail"]["title"] == "学习贯彻党的二十届三中全会精神"
    assert version_detail(session, meeting_id, 1) == get_meeting_detail(session, meeting_id)


def test_a_snapshot_written_by_release_0_1_0_reads_as_it_did(session: Session) -> None:
    old = json.loads(RELEASE_0_1_0.read_text("utf-8"))
    assert "version" not in old  # that release stored no format version
    meeting_id = make_meeting(session, make_branch(session))
    _first_version(session, meeting_id).snapshot = old
    session.flush()

    read = version_detail(session, meeting_id, 1)
    assert read.id == old["id"] and read.heading == "2026年第1次支部党员大会暨第1次主题党日"
    assert (read.date, read.start_time, read.end_time) == (
        dt.date(2026, 3, 12), dt.time(14, 30), dt.time(16, 45))
    assert read.entered_at == dt.datetime(2026, 3, 13, 9, 0, tzinfo=dt.UTC)
    assert (read.expected, read.present, read.voters_expected, read.voters_present) == (10, 8, 9, 7)
    assert [(a.name, a.status, a.reason) for a in read.absentees] == [
        ("张祎", "请假", "赴省厅参加业务培训"), ("周敏", "缺席", "突发急病住院")]
    vote = read.agenda[1].vote
    assert vote is not None and (vote.yes, vote.expected, vote.result) == (7, 9, "通过")
    assert read.agenda[1].election is None
    assert read.decisions[0].deadline == dt.date(2026, 4, 30)
    assert read.is_final
    # Apart from what differs between two databases (ids, times), it reads as the same
    # meeting recorded today does (computed, where the old one is read as stored).
    today = computed_detail(session, meeting_id)
    assert read.frozen and not today.frozen
    differs = {"id", "member_id", "subject_member_id", "finalised_at", "versions", "frozen"}

    def comparable(value: object) -> object:
        if isinstance(value, dict):
            return {k: comparable(v) for k, v in value.items() if k not in differs}
        if isinstance(value, list):
            return [comparable(v) for v in value]
        return value

    assert comparable(to_plain(read)) == comparable(to_plain(today))
    assert "学习贯彻党的二十届三中全会精神" in compact(minutes_pdf(session, meeting_id, version=1))


def test_every_older_format_has_an_upgrade_step() -> None:
    assert sorted(UPGRADES) == list(range(SNAPSHOT_VERSION))
    old = json.loads(RELEASE_0_1_0.read_text("utf-8"))
    kept = json.loads(RELEASE_0_1_0.read_text("utf-8"))
    upgraded = upgrade(old)
    assert old == kept  # the stored snapshot itself is not changed
    assert upgraded["version"] == SNAPSHOT_VERSION
    detail = upgraded["detail"]
    # Format 2 adds the fields of the roster of the date, empty: every figure finalised
    # under format 1 stays as it was.
    assert {k: v for k, v in detail.items() if k not in ("attendees", "absentees", "agenda",
                                                         "counts_for_year")} == {
        k: v for k, v in old.items() if k not in ("attendees", "absentees", "agenda")}
    assert detail["counts_for_year"] is None
    assert detail["attendees"] == [{**a, "exclusion": "", "approval_ref": ""}
                                   for a in old["attendees"]]
    votes = [(new["vote"], was["vote"]) for new, was in zip(detail["agenda"], old["agenda"],
                                                             strict=True) if was["vote"]]
    assert votes and all(new == {**was, "written": []} for new, was in votes)
    assert upgrade({"version": 1, "detail": old}) == upgraded


def test_a_snapshot_from_a_newer_program_is_refused(session: Session) -> None:
    meeting_id = make_meeting(session, make_branch(session))
    version = _first_version(session, meeting_id)
    version.snapshot = {"version": SNAPSHOT_VERSION + 1, "detail": {}}
    session.flush()
    with pytest.raises(UserError, match="较新版本的支部工作台"):
        version_detail(session, meeting_id, 1)
