"""The GUI start: the window is painted before the database work, the database is opened
once, and neither ReportLab, openpyxl nor cryptography is loaded to show 首页."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.profile import ProfileInput, save_profile
from db.database import Database
from ui.app import STARTUP_PROBE
from ui.main_window import PAGES

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"reportlab", "openpyxl", "cryptography", "PIL", "psycopg"}

# Runs in a fresh interpreter, so that what the start imports is not hidden by other tests.
START = """
import json, sys, time
from db.database import Database
opened = []
original = Database.open.__func__
def counting(cls, *args, **kwargs):
    opened.append(time.monotonic())
    return original(cls, *args, **kwargs)
Database.open = classmethod(counting)
from ui.app import run
code = run(sys.argv[1])
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[2:]))
print(json.dumps({"code": code, "opened": opened, "loaded": loaded}))
"""


def test_start_paints_first_opens_once_and_loads_nothing_heavy(tmp_path: Path) -> None:
    path = tmp_path / "branch.db"
    with Database.open(path) as database, database.session() as session:
        save_profile(session, ProfileInput(name="中共测试单位党支部", code="T-01"))
    probe = tmp_path / "probe.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{STARTUP_PROBE: str(probe)})
    done = subprocess.run(
        [sys.executable, "-c", START, str(path), *sorted(HEAVY)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    started = json.loads(done.stdout.splitlines()[-1])
    seen = json.loads(probe.read_text(encoding="utf-8"))
    assert started["code"] == 0
    assert len(started["opened"]) == 1
    assert started["loaded"] == []
    assert seen["errors"] == []
    assert seen["painted"] is not None and seen["painted"] < started["opened"][0]
    assert seen["cancel_button"] == "取消"
    assert "WenQuanYi" in seen["font"]


#: Each page module, and what it may load besides (the city's pages read the city's key
#: identity through app.city.keys, which imports cryptography).
PAGE_MODULES = [(module, set()) for module in sorted({m for _t, m, _c in PAGES})]
PAGE_MODULES.append(("ui.city.fund.page", {"cryptography"}))


@pytest.mark.parametrize(("module", "allowed"), PAGE_MODULES, ids=lambda v: str(v))
def test_opening_a_page_loads_nothing_heavy(module: str, allowed: set[str]) -> None:
    """Printing and Excel libraries load when something is printed or exported."""
    code = (
        f"import sys, {module}\n"
        "print(' '.join(sorted({n.split('.')[0] for n in sys.modules} & set(sys.argv[1:]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *sorted(HEAVY - allowed)],
        cwd=ROOT, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True, text=True, timeout=120, check=True,
    )
    assert done.stdout.split() == [], f"importing {module} loads {done.stdout.strip()}"
