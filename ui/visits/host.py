"""What the 慰问 tabs ask of their page, besides the year."""

from typing import Protocol

from app.visits.service import VisitInput
from ui.widgets.year_page import YearHost


class VisitsHost(YearHost, Protocol):
    def new_visit(self, preset: VisitInput | None) -> None:
        """Open the dialog of a new visit, filled in from `preset`."""
