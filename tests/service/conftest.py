"""Service tests use the meeting tests' small branch (a member who left in January, one who
joined in September)."""

from tests.meetings.conftest import branch

__all__ = ["branch"]
