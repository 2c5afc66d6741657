"""The 党费 page's tabs and dialogs."""
