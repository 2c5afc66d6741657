"""Which tables a session writes to, so that the program can tell what a save changed (the
window refreshes only the pages that show those tables)."""

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, object_mapper

#: A table written by a statement that does not say which.
UNKNOWN_TABLE = "?"


def watch_writes(session: Session) -> set[str]:
    """The names of the tables `session` writes to from now on (filled as it flushes and as
    it runs insert, update and delete statements)."""
    tables: set[str] = set()

    def flushing(session: Session, _context: object, _instances: object) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            tables.add(getattr(object_mapper(obj).persist_selectable, "name", UNKNOWN_TABLE))

    def executing(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            tables.add(getattr(getattr(state.statement, "table", None), "name", UNKNOWN_TABLE))

    event.listen(session, "before_flush", flushing)
    event.listen(session, "do_orm_execute", executing)
    return tables
