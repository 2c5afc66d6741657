"""No live formulas in any workbook the program writes: text a user typed that a spreadsheet
would take for a formula is stored as text (with the quote prefix) and reads back unchanged."""

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import text, update

from app.city import fund as city_fund
from app.city.fund_printing import report_xlsx
from app.city.report import write_xlsx
from app.dues.export import export_register
from app.fund import ledger
from app.fund.kinds import EntryKind
from app.fund.printing import ledger_xlsx
from app.members.excel import preview_roster
from app.members.excel_export import export_roster
from app.reports.sheets import add_table, workbook_bytes
from app.service.printing import register_xlsx as service_xlsx
from app.visits.printing import register_xlsx
from db.city.database import CityDatabase
from db.database import Database
from db.models import Member

PAYLOADS = (
    '=HYPERLINK("http://example.invalid/x","点此")',
    "=cmd|'/Ccalc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
)
APP_DIR = Path(__file__).resolve().parent.parent / "app"


def formulas(data: bytes) -> list[str]:
    """The sheets of a workbook that hold a formula element."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/")
                and re.search(rb"<f[ >]", archive.read(name))]


def values(data: bytes) -> set[str]:
    book = load_workbook(io.BytesIO(data))
    return {c.value for s in book.worksheets for row in s.iter_rows() for c in row
            if isinstance(c.value, str)}


def test_add_table_writes_every_payload_as_quoted_text() -> None:
    book = Workbook()
    add_table(book.active, PAYLOADS[0], list(PAYLOADS), [list(PAYLOADS)], [10] * len(PAYLOADS))
    data = workbook_bytes(book)
    assert formulas(data) == []
    # XML reads a carriage return back as a line feed.
    assert {p.replace("\r", "\n") for p in PAYLOADS} <= values(data)
    sheet = load_workbook(io.BytesIO(data)).active
    assert all(cell.quotePrefix for cell in sheet[3])


def test_every_workbook_writer_goes_through_the_shared_cell_writer() -> None:
    """A new export that appends or assigns cells itself would bypass the quoting."""
    offenders = []
    for path in APP_DIR.rglob("*.py"):
        if path.name == "sheets.py":
            continue
        source = path.read_text("utf-8")
        if "openpyxl" in source and re.search(r"sheet\.append\(|\.value\s*=(?!=)", source):
            offenders.append(str(path.relative_to(APP_DIR)))
    assert offenders == []


def _plant_payloads(database: Database) -> None:
    """Member texts, visits and a fund entry of the demo branch carry the payloads."""
    with database.session() as session:
        members = session.scalars(text("SELECT id FROM member")).all()
        for index, member_id in enumerate(members):
            payload = PAYLOADS[index % len(PAYLOADS)]
            session.execute(update(Member).where(Member.id == member_id).values(
                address=payload, job=payload, name=f"{payload}{index}"[:50]))
        session.execute(text("UPDATE visit SET visitors = :p, approval_ref = :p"),
                        {"p": PAYLOADS[1]})
        session.execute(text("UPDATE service_activity SET community = :p, content = :p"),
                        {"p": PAYLOADS[2]})
        session.execute(text("UPDATE service_wish SET wish = :p, resident = :p"),
                        {"p": PAYLOADS[4]})
        ledger.post(session, ledger.Posting(kind=EntryKind.DONATION, date=dt.date(2025, 6, 1),
                                            amount=Decimal("10.00"), summary=PAYLOADS[0],
                                            reference=PAYLOADS[2]), today=dt.date(2025, 6, 1))


def test_branch_exports_hold_no_formula(demo_database: Database, tmp_path: Path) -> None:
    _plant_payloads(demo_database)
    roster, register = tmp_path / "名册.xlsx", tmp_path / "党费.xlsx"
    with demo_database.session() as session:
        export_roster(session, roster, today=dt.date(2026, 11, 25))
        export_register(session, 2025, register)
        books = {
            "roster": roster.read_bytes(),
            "dues": register.read_bytes(),
            "fund": ledger_xlsx(session, 2025),
            "visits": register_xlsx(session, dt.date(2016, 1, 1), dt.date(2026, 12, 31)),
            "service": service_xlsx(session, 2026, dt.date(2026, 11, 25)),
        }
    for name, data in books.items():
        assert formulas(data) == [], name
    assert {PAYLOADS[0], PAYLOADS[3], PAYLOADS[4]} <= values(books["roster"])
    assert PAYLOADS[0] in values(books["fund"])
    assert any(v.startswith(PAYLOADS[0]) for v in values(books["dues"]))
    assert PAYLOADS[1] in values(books["visits"])
    assert {PAYLOADS[2], PAYLOADS[4]} <= values(books["service"])


def test_roster_import_reads_the_payloads_back_unchanged(demo_database: Database,
                                                        tmp_path: Path) -> None:
    _plant_payloads(demo_database)
    roster = tmp_path / "名册.xlsx"
    with demo_database.session() as session:
        export_roster(session, roster, today=dt.date(2026, 11, 25))
        preview = preview_roster(session, roster)
        stored = dict(session.execute(text("SELECT id_number, address FROM member")).all())
    read = {row.data.id_number: row.data.address for row in preview.rows}
    assert read
    for id_number, address in read.items():
        # Whitespace at the ends is trimmed on import, as for any cell.
        assert address == stored[id_number].strip()
    assert {PAYLOADS[0], "+SUM(1,2)", "-2+3", "@SUM(A1:A2)"} <= set(read.values())


def test_city_workbooks_hold_no_formula(tmp_path: Path) -> None:
    city = CityDatabase.open(tmp_path / "city.db")
    try:
        with city.session() as session:
            city_fund.record_income(session, "党费划拨", dt.date(2026, 3, 1),
                                    city_fund.parse_yuan("100"), PAYLOADS[1], PAYLOADS[2],
                                    PAYLOADS[0])
            data = report_xlsx(session, 2026, PAYLOADS[3], dt.date(2026, 11, 25))
    finally:
        city.close()
    assert formulas(data) == []
    assert PAYLOADS[0] in values(data)
    service = {"activities": 1, "person_times": 2, "hours": 3, "wishes_claimed": 0,
               "wishes_done": 0, "problems_found": 0, "problems_solved": 0, "deeds": 0}
    report = {"branches": [{
        "code": PAYLOADS[4], "name": PAYLOADS[0],
        "meetings": {"counts": {PAYLOADS[2]: [1, 0, 0, 0]}, "required": 1, "held": 1,
                     "overdue": [PAYLOADS[1]],
                     "first_topic": {"required": 1, "with_topic": 1, "share": 1}},
        "dues": {"collected": 0, "passed_up": 0},
        "fund": {"income": 0, "expense": 0, "balance": 0},
        "visits": {"by_kind": {PAYLOADS[3]: 1}}, "members": {PAYLOADS[5]: 1},
        "service": service, "recruits": {PAYLOADS[1]: 1}}],
        "members_total": {PAYLOADS[5]: 1},
        "service_total": {**service, "by_kind": {PAYLOADS[6]: service}}}
    write_xlsx(report, tmp_path / "report.xlsx")
    data = (tmp_path / "report.xlsx").read_bytes()
    assert formulas(data) == []
    assert {PAYLOADS[0], PAYLOADS[1], PAYLOADS[4]} <= values(data)

