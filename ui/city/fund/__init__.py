"""工委端 → 互助基金: the page, its tabs (applications, ledger, report) and dialogs."""
