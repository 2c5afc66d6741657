"""Making a rename survive a power cut: the folder's entry is flushed to disk too."""

import os
from pathlib import Path


def fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # folders cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
