"""The mutual-aid fund (党员爱心互助基金): the branch ledger and aid applications.

`ledger` posts entries (never edited; corrected by reversal in `corrections`), `donations`
and `applications` are the branch's work, `decisions` takes the city's answers from the
return file, `reports` sums a year.
"""
