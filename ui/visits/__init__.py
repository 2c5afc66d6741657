"""The 慰问 page: visit records, the lists of who is due a visit, the year's figures."""
