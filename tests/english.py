"""Finding English words in what the user reads; a few names stay as they are."""

import re

#: Names users know in Latin letters (file kinds, products, abbreviations on official forms).
ALLOWED = {"PDF", "Excel", "ID", "USB", "CSV", "WPS", "Word", "Windows", "OK", "xlsx", "pdf",
           "bdsync", "bdkey", "bdret", "bdrestore", "pem", "Ctrl", "Esc", "Enter", "Tab", "Shift",
           "Alt", "Del", "Delete", "F1", "IP", "BranchDesk", "SQLite", "PostgreSQL", "GB", "MB",
           "KB", "QR", "Apache", "OFL", "LGPL", "GPL", "Qt", "PySide", "Python", "Arphic"}
WORD = re.compile(r"[A-Za-z][A-Za-z]+")


def english_words(text: str) -> set[str]:
    """The Latin-letter words of two letters or more in `text` that are not allowed."""
    return {w for w in WORD.findall(text) if w not in ALLOWED}
