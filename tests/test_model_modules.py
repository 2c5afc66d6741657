"""db.models declares each model when first used (a command loads only its tables), so each
model module must bring along what its relationships and foreign keys point to."""

import subprocess
import sys

import pytest

from db.models import _MODULES

ALONE = """
import importlib, sys
from sqlalchemy.orm import configure_mappers
from db.base import Base
importlib.import_module("db.models." + sys.argv[1])
configure_mappers()
for table in Base.metadata.tables.values():
    for key in table.foreign_keys:
        key.column  # raises when the table it points to was never declared
print(len(Base.registry.mappers))
"""


@pytest.mark.parametrize("module", sorted(set(_MODULES.values())))
def test_a_model_module_works_on_its_own(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", ALONE, module], capture_output=True,
                          text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 1


def test_every_name_is_found_in_its_module() -> None:
    import db.models

    for name in _MODULES:
        assert getattr(db.models, name).__name__ == name
    with pytest.raises(AttributeError):
        db.models.NoSuchModel  # noqa: B018
