"""Deriving member and committee history for a database of an earlier release (migration
0009). Plain SQL against the schema of that revision, so later model changes leave it alone.

What it derives:
- 转正 approval: the date of the finalised 党员大会 that passed the member's 转正 议题;
- 留党察看 / 停止党籍 held today: a period whose start is unknown (reported);
- 延长预备期 decided at a finalised meeting: a period from the end of the first year;
- 委员: each finalised committee election gives the elected a post until the next one; the
  profile's committee holds from its term start;
- each attendance row's category on the meeting date.
What it cannot derive goes to the report kept in the setting HISTORY_REPORT_KEY.
"""

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import Connection, text

HISTORY_REPORT_KEY = "members.history_report"
RESTRICTED = ("留党察看", "停止党籍")
EXTENSION = "延长预备期"


def _day(value: Any) -> dt.date:
    """A date as SQLite returns it (text) or as given."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _date(value: Any) -> dt.date | None:
    return None if value is None else _day(value)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _insert(conn: Connection, table: str, values: dict[str, Any]) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    row = {"id": str(uuid.uuid4()), "version": 1, "created_at": now, "updated_at": now,
           **values}
    columns = ", ".join(f'"{k}"' for k in row)
    marks = ", ".join(f":{k}" for k in row)
    conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), row)


def _final_items(conn: Connection, word: str) -> list[Any]:
    """Finalised 议题 whose title holds `word`, with their meeting date and subject."""
    return list(conn.execute(text(
        "SELECT a.id, a.subject_member_id, a.title, a.votes_yes, m.date, m.id "
        "FROM meeting_agenda_item a JOIN meeting m ON m.id = a.meeting_id "
        "WHERE a.deleted_at IS NULL AND m.deleted_at IS NULL AND m.status = '定稿' "
        "AND a.title LIKE :like ORDER BY m.date"), {"like": f"%{word}%"}))


def _voters(conn: Connection, meeting_id: str) -> int:
    return conn.execute(text(
        "SELECT count(*) FROM meeting_attendance WHERE meeting_id = :m AND deleted_at IS NULL "
        "AND voter = 1"), {"m": meeting_id}).scalar_one()


def _approvals(conn: Connection, members: dict[str, Any]) -> None:
    for _item, subject, _title, yes, day, meeting_id in _final_items(conn, "转正"):
        member = members.get(subject)
        if member is None or member.full_date is None or yes is None:
            continue
        if yes * 2 > _voters(conn, meeting_id) and _day(day) >= _day(member.full_date):
            conn.execute(text("UPDATE member SET full_approved_on = :d WHERE id = :id"),
                         {"d": _day(day), "id": subject})


def _periods(conn: Connection, members: dict[str, Any], today: dt.date,
             report: list[str]) -> None:
    extended: set[str] = set()
    for _item, subject, _title, _yes, day, meeting_id in _final_items(conn, EXTENSION):
        member = members.get(subject)
        if member is None or subject in extended:
            continue
        extended.add(subject)
        _insert(conn, "member_status_period", {
            "member_id": subject, "kind": EXTENSION, "months": 12, "meeting_id": meeting_id,
            "start": _add_years(_day(member.join_date), 1), "end": None, "reference": "",
            "notes": "由会议记录推出，延长期限不详，按一年计"})
        report.append(f"{member.name}：{_day(day):%Y年%m月%d日}会议决定延长预备期，延长期限"
                      "不详，暂按一年计，请在党员信息中核对")
    for member in members.values():
        if member.membership_status in RESTRICTED:
            _insert(conn, "member_status_period", {
                "member_id": member.id, "kind": member.membership_status, "start": None,
                "end": None, "months": None, "meeting_id": None, "reference": "",
                "notes": "升级时推出，起始日期不详"})
            report.append(f"{member.name}：目前为{member.membership_status}，起始日期不详，"
                          "暂按一直处于该状态计算，请在党员信息中补填起止日期")
        probation_end = _add_years(_day(member.join_date), 1)
        if (member.category == "预备党员" and member.full_date is None and probation_end < today
                and member.id not in extended and member.deceased_date is None):
            report.append(f"{member.name}：预备期已于{probation_end:%Y年%m月%d日}届满，"
                          "未记录转正或延长预备期，请补录")


def _elected(conn: Connection, item_id: str, meeting_id: str, seats: int | None
             ) -> list[str]:
    """Names elected: yes votes from more than half of the electors expected, best first."""
    if not seats:
        return []
    expected = _voters(conn, meeting_id)
    rows = conn.execute(text(
        "SELECT name, coalesce(votes_yes, 0) FROM meeting_election_candidate "
        "WHERE agenda_item_id = :i AND deleted_at IS NULL ORDER BY position"), {"i": item_id})
    passing = sorted(((yes, name) for name, yes in rows if yes * 2 > expected),
                     key=lambda pair: -pair[0])
    return [name for _yes, name in passing[:seats]]


def _committee(conn: Connection, members: dict[str, Any], report: list[str]) -> None:
    by_name = {m.name: m.id for m in members.values()}
    profile = conn.execute(text(
        "SELECT committee, term_start FROM branch_profile WHERE deleted_at IS NULL")).first()
    term_start = _date(profile.term_start) if profile else None
    current = [c for c in (_json(profile.committee) if profile else None) or []
               if c.get("name")]
    elections = []
    for item_id, _subject, title, _yes, day, meeting_id in _final_items(conn, "支"):
        if not any(w in title for w in ("支部委员", "支委")) or "代表" in title:
            continue
        seats = conn.execute(text("SELECT seats FROM meeting_agenda_item WHERE id = :i"),
                             {"i": item_id}).scalar_one()
        names = _elected(conn, item_id, meeting_id, seats)
        if names and term_start is not None and _day(day) < term_start:
            elections.append((_day(day), meeting_id, names))
    ends: list[dt.date | None] = [day for day, _m, _n in elections[1:]]
    if elections:
        ends.append(term_start)
    for (day, meeting_id, names), end in zip(elections, ends, strict=True):
        for name in names:
            _insert(conn, "committee_post", {"member_id": by_name.get(name), "name": name,
                                             "post": "委员", "start": day, "end": end,
                                             "meeting_id": meeting_id})
    first_known = elections[0][0] if elections else term_start
    for entry in current:
        _insert(conn, "committee_post", {
            "member_id": by_name.get(entry["name"]), "name": entry["name"],
            "post": entry.get("post") or "委员",
            "start": term_start, "end": None,
            "meeting_id": None})
    unknown = [c["name"] for c in current if c["name"] not in by_name]
    if unknown:
        report.append("支部委员" + "、".join(unknown) + "不在党员名单中，其出席不能按委员计算")
    if current and first_known is not None:
        report.append(f"{first_known:%Y年%m月%d日}以前的支部委员无记录（没有更早的换届选举），"
                      "这之前的支委会按无委员记录计算，可在“设置 → 支部信息”中补录委员任职")
    elif current:
        report.append("支部信息中没有任期开始日期，现任委员按一直任职计算")


def _attendance_categories(conn: Connection) -> None:
    conn.execute(text(
        "UPDATE meeting_attendance SET category = CASE WHEN EXISTS ("
        " SELECT 1 FROM member mb JOIN meeting m ON m.id = meeting_attendance.meeting_id"
        " WHERE mb.id = meeting_attendance.member_id AND mb.full_date IS NOT NULL"
        " AND mb.full_date <= m.date) THEN '正式党员' ELSE '预备党员' END"))


def derive_history(conn: Connection, today: dt.date | None = None) -> list[str]:
    """Fill the new history tables from the old data; returns (and keeps) the report."""
    today = today or dt.date.today()
    members = {m.id: m for m in conn.execute(text(
        "SELECT id, name, category, join_date, full_date, membership_status, deceased_date "
        "FROM member WHERE deleted_at IS NULL"))}
    report: list[str] = []
    _approvals(conn, members)
    _periods(conn, members, today, report)
    _committee(conn, members, report)
    _attendance_categories(conn)
    if members:
        conn.execute(text("DELETE FROM setting WHERE key = :k"), {"k": HISTORY_REPORT_KEY})
        conn.execute(text("INSERT INTO setting (key, value) VALUES (:k, :v)"),
                     {"k": HISTORY_REPORT_KEY, "v": json.dumps(report, ensure_ascii=False)})
    return report
