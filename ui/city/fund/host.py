"""What the city fund's tabs and dialogs ask of their page, besides the year."""

from typing import Protocol

from ui.widgets.year_page import YearHost


class CityFundHost(YearHost, Protocol):
    #: Who enters and decides here (the city program has no log-in).
    actor: str
    city_name: str

    def refresh(self) -> None:
        """Read the fund again (in the background); the tabs show it when done."""
