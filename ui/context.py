"""What every page shares: the open database and a signal when data changed."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.orm import Session

from base.errors import UserError
from db.database import Database
from db.writes import watch_writes
from ui.areas import areas_of

if TYPE_CHECKING:
    from db.city.database import CityDatabase

T = TypeVar("T")


class AppContext(QObject):
    #: Emitted after a change was saved, with the areas it touched (ui.areas.Areas); each
    #: page refreshes when it shows one of them.
    data_changed = Signal(object)

    def __init__(self, database: "Database | CityDatabase") -> None:
        super().__init__()
        self.database = database

    @property
    def branch_database(self) -> Database:
        """The branch's database (for the branch window's pages; the city window has none)."""
        assert isinstance(self.database, Database), "a branch page in the city window"
        return self.database

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
