"""The city database fixture of the sync tests, for the round trip."""

from tests.sync.conftest import city

__all__ = ["city"]
