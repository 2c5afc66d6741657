"""Full-text search over meetings: FTS5 trigram for 3+ characters, a plain scan for 1–2.

The trigram index cannot answer queries shorter than three characters (党费, 支部), so those
scan the indexed text directly; the table is small enough for that to stay fast.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.meetings.detail import heading, sequence_numbers
from app.meetings.types import MEETING_TYPES
from db.models import MeetingTypeLink

BEFORE = 16  # characters of context shown before the first match
WIDTH = 60  # characters in a snippet


@dataclass
class SearchHit:
    meeting_id: str
    date: dt.date
    heading: str
    kind: str  # 会议 / 议题 / 发言 / 决定 / 整改
    snippet: str
    spans: list[tuple[int, int]]  # (start, length) of each match inside the snippet
    more: int  # further matching parts of the same meeting


def _snippet(body: str, query: str) -> tuple[str, list[tuple[int, int]]]:
    flat = " ".join(body.split())
    folded, needle = flat.casefold(), query.casefold()
    first = folded.find(needle)
    start = max(first - BEFORE, 0)
    piece = flat[start:start + WIDTH]
    spans = []
    at = folded.find(needle, start)
    while at != -1 and at + len(needle) <= start + WIDTH:
        spans.append((at - start, len(needle)))
        at = folded.find(needle, at + len(needle))
    prefix = "…" if start else ""
    suffix = "…" if start + WIDTH < len(flat) else ""
    return prefix + piece + suffix, [(s + len(prefix), n) for s, n in spans]


def mark(snippet: str, spans: list[tuple[int, int]], before: str, after: str,
         escape: Callable[[str], str] = lambda s: s) -> str:
    """The snippet with every match wrapped, e.g. mark(s, spans, "【", "】")."""
    out, pos = [], 0
    for start, length in spans:
        out += [escape(snippet[pos:start]), before, escape(snippet[start:start + length]), after]
        pos = start + length
    out.append(escape(snippet[pos:]))
    return "".join(out)


def search_meetings(session: Session, query: str, year: int | None = None,
                    meeting_type: str | None = None, limit: int = 200) -> list[SearchHit]:
    """Meetings whose title, place, summary, 议题, speeches, decisions or 整改 contain `query`;
    newest first, one hit per meeting."""
    query = " ".join(query.split())
    if not query:
        return []
    if len(query) >= 3:
        condition = "meeting_search MATCH :match"
        params: dict[str, object] = {"match": '"' + query.replace('"', '""') + '"'}
    else:
        condition = "instr(lower(meeting_search.body), lower(:needle)) > 0"
        params = {"needle": query}
    if year is not None:
        condition += " AND meeting.date BETWEEN :first AND :last"
        params |= {"first": dt.date(year, 1, 1), "last": dt.date(year, 12, 31)}
    if meeting_type is not None:
        condition += (" AND meeting.id IN (SELECT meeting_id FROM meeting_type_link "
                      "WHERE type = :type AND deleted_at IS NULL)")
        params["type"] = meeting_type
    rows = session.execute(text(
        "SELECT meeting_search.meeting_id, meeting_search.kind, meeting_search.body, "
        "meeting.date, meeting.group_id, party_group.name FROM meeting_search "
        "JOIN meeting ON meeting.id = meeting_search.meeting_id AND meeting.deleted_at IS NULL "
        "LEFT JOIN party_group ON party_group.id = meeting.group_id "
        f"WHERE {condition} ORDER BY meeting.date DESC, "
        "instr('会议议题发言决定整改', meeting_search.kind)"), params).all()
    hits: dict[str, SearchHit] = {}
    types = _types(session, {r.meeting_id for r in rows})
    # 第N次 for the headings: one pass over the year searched, or over all years.
    numbers = sequence_numbers(session, year) if rows else {}
    for row in rows:
        if row.meeting_id in hits:
            hits[row.meeting_id].more += 1
            continue
        if len(hits) >= limit:
            continue
        day = row.date if isinstance(row.date, dt.date) else dt.date.fromisoformat(row.date)
        snippet, spans = _snippet(row.body, query)
        hits[row.meeting_id] = SearchHit(
            row.meeting_id, day,
            heading(day.year, types.get(row.meeting_id, []),
                    numbers.get(row.meeting_id, {}), row.name or ""),
            row.kind, snippet, spans, 0)
    return list(hits.values())


def _types(session: Session, ids: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meeting_id, meeting_type in session.execute(
            select(MeetingTypeLink.meeting_id, MeetingTypeLink.type).where(
                MeetingTypeLink.meeting_id.in_(ids), MeetingTypeLink.deleted_at.is_(None))):
        found.setdefault(meeting_id, []).append(meeting_type)
    return {k: sorted(v, key=MEETING_TYPES.index) for k, v in found.items()}
