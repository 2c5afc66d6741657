"""The command line starts at once: asking for the version or the help loads no database or
PDF library, and a command loads only its own module."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "reportlab", "alembic", "openpyxl", "cryptography")

PROBE = """
import json, sys
from app.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.flush()
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def loaded_by(*argv: str) -> tuple[str, set[str]]:
    """Run the command in a fresh interpreter; what it printed and the modules it loaded."""
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True,
                          text=True, check=True, timeout=120)
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    return done.stdout, {name.split(".")[0] for name in modules} | set(modules)


@pytest.mark.parametrize("argv", [("--version",), ("--help",)])
def test_version_and_help_load_neither_database_nor_pdf_libraries(argv: tuple[str]) -> None:
    out, modules = loaded_by(*argv)

    assert out.startswith("支部工作台" if argv == ("--version",) else "用法：branchdesk")
    assert not modules & set(HEAVY)
    assert not {m for m in modules if m.startswith("app.cli.") and m not in (
        "app.cli.chinese_argparse", "app.cli.commands")}


def test_help_still_lists_every_command() -> None:
    from app.cli.commands import COMMANDS

    out, _modules = loaded_by("--help")

    for name, command in COMMANDS.items():
        assert f"{name} " in out and command.help[:8] in out


def test_a_command_loads_only_its_own_module() -> None:
    out, modules = loaded_by("members", "--help")

    assert "列出党员" in out and "从 Excel 名册导入党员" in out
    assert "app.cli.members" in modules
    assert not {"app.cli.city", "app.cli.sync", "app.cli.printing", "app.cli.meetings"} & modules
    assert not {"reportlab", "openpyxl", "cryptography", "alembic"} & modules


def test_listing_members_loads_no_migration_excel_or_pdf_library(tmp_path: Path) -> None:
    db = str(tmp_path / "branch.db")
    loaded_by("--db", db, "init", "--name", "中共测试支部", "--code", "T-1")

    out, modules = loaded_by("--db", db, "members", "list", "--json")

    assert json.loads(out) == []
    assert "sqlalchemy" in modules
    assert not {"alembic", "openpyxl", "reportlab", "cryptography"} & modules
    # The models are declared when first used: the roster needs no dues, fund or visits.
    assert "db.models.member" in modules
    assert not {"db.models.dues", "db.models.fund", "db.models.visit", "db.models.service",
                "db.models.recruit"} & modules
