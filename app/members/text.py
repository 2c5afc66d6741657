"""Text as people type it into a form or a sheet, made comparable."""

import unicodedata


def normalised(text: str) -> str:
    """Full-width digits, letters and punctuation made half-width; all spaces removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())
