"""The PySide6 front end: shows what app/ returns and sends user actions back to it."""
