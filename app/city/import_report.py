"""The readable import report: plain text for the console, PDF through app/reports."""

from collections.abc import Sequence

from app.city.importer import LABELS, OUTCOMES, PackageResult
from app.progress import SILENT, Progress
from app.sync.labels import table_label

MAX_ISSUES = 50


def _counts(result: PackageResult) -> str:
    return "，".join(f"{LABELS[o]} {result.outcomes[o]}" for o in OUTCOMES if result.outcomes[o]
                    ) or "没有记录"


def result_lines(result: PackageResult) -> list[str]:
    """What one package's result says, line by line (no header)."""
    if not result.ok:
        return [f"  拒收：{result.error}"]
    lines = [f"  结果：{_counts(result)}" + (f"；附件 {result.attachments} 个"
                                            if result.attachments else "")]
    lines += [f"  注意：{w}" for w in result.warnings]
    for issue in result.issues[:MAX_ISSUES]:
        lines.append(f"  {LABELS[issue.outcome]}：{table_label(issue.table)} {issue.record_id}："
                     f"{issue.reason}")
    if len(result.issues) > MAX_ISSUES:
        lines.append(f"  ……另有 {len(result.issues) - MAX_ISSUES} 条记录未列出")
    return lines


def title_of(result: PackageResult) -> str:
    who = f"{result.branch_name}（{result.branch_code}）" if result.branch_code else ""
    seq = f" 第 {result.seq} 号" if result.seq else ""
    index, count = result.volume
    if count > 1:
        seq += f"（分卷：本次导出 {count} 个文件中的第 {index} 个）"
    return f"{result.path}  {who}{seq}".rstrip()


def text_report(results: Sequence[PackageResult], dry_run: bool) -> str:
    ok = sum(1 for r in results if r.ok)
    head = "试导入（未写入数据库）" if dry_run else "导入"
    lines = [f"{head}结果：共 {len(results)} 个数据包，成功 {ok} 个，拒收 {len(results) - ok} 个。"]
    for result in results:
        lines.append("")
        lines.append(title_of(result))
        lines += result_lines(result)
    return "\n".join(lines) + "\n"


def pdf_report(results: Sequence[PackageResult], dry_run: bool, city_name: str,
               progress: Progress = SILENT) -> bytes:
    from app.reports import SIZES, Document

    title = "数据包试导入报告" if dry_run else "数据包导入报告"
    doc = Document(title, author=city_name)
    doc.title(title, subtitle=city_name)
    ok = sum(1 for r in results if r.ok)
    doc.paragraph(f"共 {len(results)} 个数据包，成功 {ok} 个，拒收 {len(results) - ok} 个。"
                  + ("本次为试导入，数据库未做任何更改。" if dry_run else ""))
    rows = [[r.branch_name or "—", r.branch_code or "—", r.seq or "—",
             "成功" if r.ok else "拒收", r.chain or "—",
             *(r.outcomes[o] if r.ok else "" for o in OUTCOMES)] for r in results]
    doc.table(["支部", "代码", "序号", "结果", "序列", *(LABELS[o] for o in OUTCOMES)], rows,
              widths=[4, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1], size=SIZES["小五"])
    for result in results:
        notes = result_lines(result)[1:] if result.ok else result_lines(result)
        if notes:
            doc.heading(title_of(result).split("  ", 1)[-1] or result.path, level=2)
            for line in notes:
                doc.note(line.strip(), size=SIZES["五号"])
    return doc.build(progress)
