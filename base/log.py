"""The program's log: a rotating file in the data folder, kept for finding out what went wrong.

User actions' outcomes (import, export, print, backup) are written at INFO, errors with their
traceback; the file is what a user sends when asking for help.
"""

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "branchdesk.log"
LOG_BYTES = 1_000_000
LOG_COPIES = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

logger = logging.getLogger("branchdesk")


def log_folder() -> Path:
    from base.paths import data_dir

    return data_dir() / "logs"


def setup_logging(folder: Path | None = None) -> Path | None:
    """Send the program's log records to `folder`/branchdesk.log (the data folder's `logs`
    by default); returns the file, or None when the folder cannot be written (the program
    still runs, without a log). Calling it again moves the log to the new folder."""
    folder = folder or log_folder()
    for handler in [h for h in logger.handlers if isinstance(h, logging.FileHandler)]:
        logger.removeHandler(handler)
        handler.close()
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_COPIES, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def log_file() -> Path | None:
    """The file the log is written to now, if any."""
    for handler in logger.handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def get_logger(area: str) -> logging.Logger:
    """The logger of one area of the program (`branchdesk.sync`, `branchdesk.print`…)."""
    return logger.getChild(area)
