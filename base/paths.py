"""Where the program finds its resources and keeps its data, from source or frozen."""

import sys
from pathlib import Path

APP_NAME = "BranchDesk"
PORTABLE_MARKER = "portable"
DATABASE_NAME = "branch.db"


def program_dir() -> Path:
    """The folder of the executable when frozen, else the source tree's top folder."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def bundled_path(*parts: str) -> Path:
    """A file shipped with the program (resources, migration scripts): the source tree's top
    folder, or the bundle's folder of data files when frozen by PyInstaller."""
    base = Path(getattr(sys, "_MEIPASS", program_dir()))
    return base.joinpath(*parts)


def resource_path(*parts: str) -> Path:
    """A file under resources/, both from source and from a PyInstaller bundle."""
    return bundled_path("resources", *parts)


def is_portable() -> bool:
    return (program_dir() / PORTABLE_MARKER).exists()


def data_dir() -> Path:
    """`data/` beside the program in portable mode, else the user's data folder."""
    if is_portable():
        path = program_dir() / "data"
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / DATABASE_NAME
