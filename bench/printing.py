"""Printing speed: one minutes PDF (warm), the demo branch's yearly book, and LibreOffice.

    .venv/bin/python bench/printing.py [--db DEMO.db] [--year 2025] [--runs 20] [--lo-runs 5]

Without --db it builds the ten-year demo branch in a temporary folder first (about a minute).
Measured, in one run:
- minutes: `minutes_pdf` for the year's fullest finalised meeting — the first call (fonts
  registered), then the median of --runs warm calls, each in a fresh session (reading the
  record included), and the median of the layout alone;
- the yearly book (`yearbook_pdf`) of --year;
- the peer a secretary uses today: LibreOffice (`soffice --headless --convert-to pdf`)
  converting an equivalent .docx (python-docx: same title, header table and text) of the
  same minutes and of the same year, one soffice process per conversion.
Wall time and CPU time (this process, or the soffice children) are both given: the machine
may be shared, and CPU time is less disturbed by other work.
Needs the `bench` extra (python-docx) and LibreOffice Writer (libreoffice-writer-nogui).
"""

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# After the path is set:
from app.meetings.detail import get_meeting_detail  # noqa: E402
from app.meetings.lines import MeetingDetail  # noqa: E402
from app.meetings.listing import list_meetings  # noqa: E402
from app.meetings.minutes import (  # noqa: E402
    add_minutes,
    branch_name,
    header_rows,
    minutes_pdf,
    record_title,
)
from app.meetings.text import minutes_text  # noqa: E402
from app.meetings.types import MeetingType, RecordStatus  # noqa: E402
from app.meetings.yearbook import yearbook_pdf  # noqa: E402
from app.reports import Document  # noqa: E402
from bench.measure import TODAY, arguments, demo_path  # noqa: E402
from db.database import Database  # noqa: E402


def timed(work: Callable[[], object]) -> tuple[float, float, object]:
    """Wall and CPU seconds of this process for one call, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def medians(work: Callable[[], object], runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, _result = timed(work)
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus)


def pages(pdf: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


# --- the peer: an equivalent .docx converted by LibreOffice -------------------------------

def _east_asian(run: object, font: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def docx_for(details: list[MeetingDetail], branch: str, path: Path) -> None:
    """Title, header table and the record's text per meeting, GB/T 9704 margins."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc = Docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    for n, detail in enumerate(details):
        if n:
            doc.add_page_break()
        for line in (branch, record_title(detail)):
            title = doc.add_paragraph()
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _east_asian(title.add_run(line), "方正小标宋简体", 22, bold=True)
        rows = header_rows(detail)
        table = doc.add_table(rows=len(rows), cols=4)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            cells = table.rows[r].cells
            for c, (label, value) in enumerate(row):
                _east_asian(cells[2 * c].paragraphs[0].add_run(label), "黑体", 14)
                _east_asian(cells[2 * c + 1].paragraphs[0].add_run(value), "仿宋_GB2312", 14)
            if len(row) == 1:
                cells[1].merge(cells[3])
        body = minutes_text(detail).split("\n")
        start = next((i for i, line in enumerate(body) if line == "议题："), 2)
        for line in body[start:]:
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Mm(11)
            _east_asian(paragraph.add_run(line.strip()), "仿宋_GB2312", 16)
        for label in ("主持人（签字）：", "记录人（签字）："):
            _east_asian(doc.add_paragraph().add_run(label + "_" * 12), "仿宋_GB2312", 14)
    doc.save(str(path))


def libreoffice(docx: Path, outdir: Path) -> tuple[float, float, int]:
    """One `soffice --convert-to pdf`: wall seconds, CPU seconds of the children, pages."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    profile = outdir / "lo-profile"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                   check=True, capture_output=True)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, pages((outdir / docx.with_suffix(".pdf").name).read_bytes())


def lo_medians(docx: Path, outdir: Path, runs: int) -> tuple[float, float, int]:
    results = [libreoffice(docx, outdir) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            results[-1][2])


# --- the run ------------------------------------------------------------------------------

def fullest_meeting(database: Database, year: int) -> str:
    """The year's longest finalised 党员大会 record (votes, speeches, decisions)."""
    with database.session() as session:
        rows = [r for r in list_meetings(session, year, MeetingType.GENERAL)
                if r.status == RecordStatus.FINAL]
        sizes = {r.id: len(minutes_text(get_meeting_detail(session, r.id))) for r in rows}
    return max(sizes, key=sizes.__getitem__)


def main() -> None:
    parser = arguments(__doc__, runs=20)
    parser.add_argument("--year", type=int, default=TODAY.year - 1)
    parser.add_argument("--book-runs", type=int, default=3)
    parser.add_argument("--lo-runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-printing-"))
    database = Database.open(demo_path(work, args.db))
    meeting_id = fullest_meeting(database, args.year)

    def one_minutes() -> bytes:
        with database.session() as session:
            return minutes_pdf(session, meeting_id)

    cold_wall, _cpu, pdf = timed(one_minutes)
    with database.session() as session:
        detail = get_meeting_detail(session, meeting_id)
        branch = branch_name(session)

        def layout_only() -> bytes:
            doc = Document.for_branch(session, record_title(detail))
            add_minutes(doc, detail, branch)
            return doc.build()

        layout_wall, layout_cpu = medians(layout_only, args.runs)
    warm_wall, warm_cpu = medians(one_minutes, args.runs)
    minutes_pages = pages(pdf)

    def one_book() -> bytes:
        with database.session() as session:
            return yearbook_pdf(session, args.year, today=TODAY)

    book_pdf = one_book()
    book_wall, book_cpu = medians(one_book, args.book_runs)
    with database.session() as session:
        year_details = [get_meeting_detail(session, r.id) for r in
                        sorted(list_meetings(session, args.year), key=lambda r: r.date)]

    docx_minutes, docx_book = work / "minutes.docx", work / "book.docx"
    docx_for([detail], branch, docx_minutes)
    docx_for(year_details, branch, docx_book)
    lo_wall, lo_cpu, lo_pages = lo_medians(docx_minutes, work, args.lo_runs)
    lo_book_wall, lo_book_cpu, lo_book_pages = lo_medians(docx_book, work, 1)

    print(f"\n{detail.heading}: {len(detail.agenda)} items, {len(detail.speeches)} speeches, "
          f"{minutes_pages} pages")
    print("| step | wall | CPU |\n|---|---|---|")
    print(f"| minutes PDF, first call (fonts registered) | {cold_wall * 1000:.0f} ms | |")
    print(f"| minutes PDF, warm median of {args.runs} (read record + layout + PDF) "
          f"| {warm_wall * 1000:.0f} ms | {warm_cpu * 1000:.0f} ms |")
    print(f"| minutes layout + PDF only, median | {layout_wall * 1000:.0f} ms "
          f"| {layout_cpu * 1000:.0f} ms |")
    print(f"| LibreOffice .docx → PDF, same minutes ({lo_pages} pages), median of "
          f"{args.lo_runs} | {lo_wall * 1000:.0f} ms | {lo_cpu * 1000:.0f} ms |")
    print(f"| yearly book {args.year}: {len(year_details)} meetings, {pages(book_pdf)} pages, "
          f"{len(book_pdf) // 1024} KB, median of {args.book_runs} | {book_wall:.2f} s "
          f"| {book_cpu:.2f} s |")
    print(f"| LibreOffice .docx → PDF, same year ({lo_book_pages} pages) | {lo_book_wall:.2f} s "
          f"| {lo_book_cpu:.2f} s |")
    print(f"\nminutes: LibreOffice / ours = {lo_wall / warm_wall:.0f}× (wall), "
          f"{lo_cpu / warm_cpu:.0f}× (CPU); book: {lo_book_wall / book_wall:.1f}× (wall)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
