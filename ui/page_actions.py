"""What a sidebar page may offer the window's keys (Ctrl+N, Ctrl+F, Ctrl+P), and whether the
user may leave it now. A page offers an action by having the method. And what a page may
ask of the window around it: to show another page."""

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class MakesRecords(Protocol):
    def new_record(self) -> None:
        """Ctrl+N: start a new record (member, meeting, payment…)."""


@runtime_checkable
class Finds(Protocol):
    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the page's search box."""


@runtime_checkable
class Prints(Protocol):
    def print_page(self) -> None:
        """Ctrl+P: print, or preview for printing, what the page shows."""


@runtime_checkable
class GuardsLeaving(Protocol):
    def may_leave(self) -> bool:
        """False to stay on the page (the user kept unsaved changes)."""


@runtime_checkable
class Navigator(Protocol):
    def go_to(self, title: str) -> None:
        """Show the page of that sidebar title."""

    def page(self, title: str) -> Any:
        """The page of that sidebar title (each page has its own class)."""
