"""The bottom layer: typed user errors, money and the program's paths. Imports nothing of
the program (db/, app/ and ui/ all build on it)."""
