"""What 首页 lists: each area contributes reminders for a given day."""

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from app.reminders import LEVEL_ORDER, Reminder


def _sources() -> tuple[Callable[[Session, dt.date], list[Reminder]], ...]:
    # Imported when 首页 first lists its reminders, after the window is painted.
    from app.dues.reminders import dues_reminders
    from app.fund.reminders import fund_reminders
    from app.meetings.committee import term_reminders
    from app.meetings.reminders import meeting_reminders
    from app.members.reminders import member_reminders
    from app.recruits.reminders import recruit_reminders
    from app.service.reminders import service_reminders
    from app.sync.status import sync_reminders
    from app.visits.reminders import visit_reminders

    return (member_reminders, recruit_reminders, meeting_reminders, term_reminders,
            dues_reminders, sync_reminders, fund_reminders, visit_reminders, service_reminders)


def reminders(session: Session, today: dt.date | None = None) -> list[Reminder]:
    today = today or dt.date.today()
    found: list[Reminder] = []
    for source in _sources():
        found += source(session, today)
    return sorted(found, key=lambda r: LEVEL_ORDER.get(r.level, 9))


def by_page(found: list[Reminder]) -> dict[str, list[Reminder]]:
    """Reminders grouped by the page that deals with them, most urgent first in each."""
    groups: dict[str, list[Reminder]] = {}
    for reminder in sorted(found, key=lambda r: LEVEL_ORDER.get(r.level, 9)):
        groups.setdefault(reminder.page, []).append(reminder)
    return groups
