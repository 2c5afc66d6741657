"""Typed branch settings stored in the database, with versioned upgrades.

Each area declares its options where it uses them:

    BACKDATED_DAYS = Option("meetings.backdated_days", 7, "补录判定天数")

and reads them with `get(session, BACKDATED_DAYS)`. Defaults live in the declaration, so a
new option needs no migration; a renamed or reshaped one gets an upgrade step below.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from db.models import Setting

T = TypeVar("T")

_REGISTRY: dict[str, "Option[Any]"] = {}


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T
    label: str

    def __post_init__(self) -> None:
        if self.key in _REGISTRY and _REGISTRY[self.key] is not self:
            raise ValueError(f"option {self.key} declared twice")
        _REGISTRY[self.key] = self


def options() -> list[Option[Any]]:
    return sorted(_REGISTRY.values(), key=lambda o: o.key)


def get(session: Session, option: Option[T]) -> T:
    row = session.get(Setting, option.key)
    return option.default if row is None else row.value


def put(session: Session, option: Option[T], value: T) -> None:
    row = session.get(Setting, option.key)
    if row is None:
        session.add(Setting(key=option.key, value=value))
    else:
        row.value = value


SETTINGS_VERSION = Option("settings.version", 1, "设置格式版本")

#: version -> step that upgrades the stored settings from that version to the next.
UPGRADES: dict[int, Callable[[Session], None]] = {}


def upgrade(session: Session) -> None:
    version = get(session, SETTINGS_VERSION)
    while version in UPGRADES:
        UPGRADES[version](session)
        version += 1
        put(session, SETTINGS_VERSION, version)
