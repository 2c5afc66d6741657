"""Many rows through one prepared statement: plain tuples in the driver's terms (values
converted by the columns' own bind processors), handed to the driver's executemany. The city
import writes millions of rows; SQLAlchemy's per-row work on dictionaries cost more than
SQLite's own."""

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

Convert = Callable[[Any], Any] | None
T = TypeVar("T")

#: Ids in one IN list at most: well under SQLite's limit of bound parameters.
CHUNK = 500


def chunks(ids: Sequence[T]) -> Iterator[Sequence[T]]:
    """`ids` in slices of at most CHUNK, one IN list each."""
    return (ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK))


def converters(dialect: Dialect, table: Table, names: Sequence[str],
               given: Collection[str] = ()) -> list[Convert]:
    """Each column's conversion from its Python value to what the driver takes (None: as is,
    also for the columns `given` in the driver's terms, such as JSON text as it arrived)."""
    return [None if name in given
            else table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in names]


class Statement:
    """One statement for rows of values in the order of `names`, in the driver's terms
    (`convert` turns a Python value into them)."""

    def __init__(self, dialect: Dialect, table: Table, names: Sequence[str], sql: str,
                 given: Collection[str]) -> None:
        self.names = tuple(names)
        self.sql = sql
        self.conversions = converters(dialect, table, names, given)

    def convert(self, name: str, value: Any) -> Any:
        """One value of column `name` in the driver's terms."""
        how = self.conversions[self.names.index(name)]
        return value if how is None or value is None else how(value)

    def run(self, connection: Connection, rows: Sequence[Sequence[Any]]) -> int:
        """Run it for every row; returns how many rows it wrote."""
        if not rows:
            return 0
        return connection.exec_driver_sql(self.sql, list(rows)).rowcount


def _mark(dialect: Dialect) -> str:
    return "?" if dialect.paramstyle == "qmark" else "%s"


def insert(dialect: Dialect, table: Table, names: Sequence[str],
           given: Collection[str] = (), skip_held: bool = False) -> Statement:
    """`INSERT INTO table (names…) VALUES (…)`; `given`: columns not to convert;
    `skip_held`: a row whose key the table holds already is left out, not an error."""
    quote = dialect.identifier_preparer.quote
    marks = ", ".join([_mark(dialect)] * len(names))
    return Statement(dialect, table, names, f"INSERT INTO {quote(table.name)} "
                     f"({', '.join(map(quote, names))}) VALUES ({marks})"
                     + (" ON CONFLICT DO NOTHING" if skip_held else ""), given)


def update(dialect: Dialect, table: Table, names: Sequence[str], keys: Sequence[str],
           given: Collection[str] = ()) -> Statement:
    """`UPDATE table SET names… WHERE keys…`: rows give the new values, then the keys;
    `given`: columns not to convert."""
    quote, mark = dialect.identifier_preparer.quote, _mark(dialect)
    assignments = ", ".join(f"{quote(name)} = {mark}" for name in names)
    where = " AND ".join(f"{quote(key)} = {mark}" for key in keys)
    return Statement(dialect, table, [*names, *keys],
                     f"UPDATE {quote(table.name)} SET {assignments} WHERE {where}", given)


def delete(dialect: Dialect, table: Table, keys: Sequence[str]) -> Statement:
    """`DELETE FROM table WHERE keys…`: rows give the keys."""
    quote, mark = dialect.identifier_preparer.quote, _mark(dialect)
    where = " AND ".join(f"{quote(key)} = {mark}" for key in keys)
    return Statement(dialect, table, keys, f"DELETE FROM {quote(table.name)} WHERE {where}", ())
