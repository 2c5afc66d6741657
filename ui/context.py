"""What every page shares: the open database and a signal when data changed."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, object_mapper

from base.errors import UserError
from db.database import Database
from ui.areas import UNKNOWN_TABLE, areas_of

if TYPE_CHECKING:
    from db.city.database import CityDatabase

T = TypeVar("T")


def watch_writes(session: Session) -> set[str]:
    """The names of the tables `session` writes to from now on (filled as it flushes)."""
    tables: set[str] = set()

    def flushing(session: Session, _context: object, _instances: object) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            tables.add(object_mapper(obj).persist_selectable.name)  # type: ignore[attr-defined]

    def executing(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            table = getattr(state.statement, "table", None)
            tables.add(getattr(table, "name", UNKNOWN_TABLE))

    event.listen(session, "before_flush", flushing)
    event.listen(session, "do_orm_execute", executing)
    return tables


class AppContext(QObject):
    #: Emitted after a change was saved, with the areas it touched (ui.areas.Areas); each
    #: page refreshes when it shows one of them.
    data_changed = Signal(object)

    def __init__(self, database: "Database | CityDatabase") -> None:
        super().__init__()
        self.database = database

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.database.session() as session:
            yield session

    def write(self, parent: QWidget, action: Callable[[Session], T]) -> T | None:
        """Run `action` in one transaction; on a UserError show it and save nothing."""
        try:
            return self.apply(action)
        except UserError as exc:
            QMessageBox.warning(parent, "无法保存", exc.message)
            return None

    def apply(self, action: Callable[[Session], T]) -> T:
        """Like `write`, but a UserError reaches the caller (to show it inline)."""
        with self.database.session() as session:
            tables = watch_writes(session)
            result = action(session)
        self.data_changed.emit(areas_of(tables))
        return result
