"""The shared document layer: fonts, fallback, line breaking, page furniture, geometry."""

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from app import settings
from app.reports import SIZES, Document, fonts, page
from app.reports.fonts import BODY, HEI, KAI, font_set, markup
from tests import pdfcheck

RARE = "喆堃祎犇昇"
SPEECH = ("王喆：同志们，今天召开支部委员会，主要研究三项工作。第一，传达学习上级有关文件精神；"
          "第二，研究讨论发展党员工作；第三，部署下一阶段的主题党日活动。请大家围绕议题，"
          "充分发表意见！有没有不同意见？没有：那么通过。")


def sample(doc: Document, paragraphs: int = 3) -> Document:
    doc.title("中共测试局机关第一党支部会议记录", subtitle="（第3次）")
    doc.fields([[("会议类型", "支部委员会")], [("主持人", "王喆（书记）"), ("记录人", "李堃")],
                [("缺席", "张祎（出差）；赵犇（病假）；刘昇（公出）")]])
    doc.heading("一、会议议题")
    doc.heading("（一）研究发展党员工作", 2)
    for _ in range(paragraphs):
        doc.paragraph(SPEECH * 2)
    doc.table(["议题", "赞成", "反对", "弃权", "结果"], [["接收刘昇为预备党员", 20, 0, 1, "通过"],
                                               ["合计", 20, 0, 1, ""]],
              widths=[4, 1, 1, 1, 1.5], total_rows=1)
    doc.signatures(["主持人", "记录人"])
    return doc


@pytest.fixture(scope="module")
def bundled():
    return font_set(use_system=False)


def test_document_text_fonts_and_page_numbers(bundled):
    pdf = sample(Document("测试", fonts=bundled), paragraphs=12).build()
    pages = pdfcheck.pages_text(pdf)
    assert len(pages) >= 3
    flat = pdfcheck.compact(pdf)
    for value in ("会议类型", "支部委员会", "王喆（书记）", "李堃", "张祎（出差）",
                  "接收刘昇为预备党员", "主持人（签字）", "记录人（签字）"):
        assert value in flat
    for number, text in enumerate(pages, start=1):
        assert f"— {number} —" in text
    assert "草稿" not in flat
    assert pdfcheck.unembedded_fonts(pdf) == []
    assert pdfcheck.lines_starting_with_punctuation(pdf) == []
    for char in RARE:
        assert pdfcheck.has_real_glyph(pdf, char), char


def test_page_numbers_alternate_sides(bundled):
    pdf = sample(Document("测试", fonts=bundled), paragraphs=12).build()
    positions = {}
    for index, pdf_page in enumerate(pdfcheck.reader(pdf).pages[:2], start=1):
        def visit(text, _cm, tm, _font, _size, index=index):
            if text.strip() == f"— {index} —":
                positions[index] = tm[4]
        pdf_page.extract_text(visitor_text=visit)
    geo = page.portrait()
    assert positions[1] > geo.width / 2  # odd: right
    assert positions[2] < geo.width / 2  # even: left


def test_draft_watermark_only_on_marked_pages(bundled):
    doc = Document("测试", fonts=bundled)
    doc.paragraph("定稿部分")
    doc.page_break()
    doc.draft_section(True)
    doc.paragraph("草稿部分")
    doc.draft_section(False)
    doc.page_break()
    doc.paragraph("又一页")
    pages = pdfcheck.pages_text(doc.build())
    assert ["草稿" in p.replace("草稿部分", "") for p in pages] == [False, True, False]
    whole = Document("测试", fonts=bundled, draft=True)
    whole.paragraph("正文")
    assert "草稿" in pdfcheck.text(whole.build())


def test_cover_contents_and_outline(bundled):
    doc = Document("测试", fonts=bundled)
    doc.cover("年度党支部工作记录", [("支部名称", "中共测试党支部"), ("年度", "2026年")])
    doc.contents()
    for n in range(1, 4):
        doc.title(f"第{n}次会议", toc_level=0)
        doc.paragraph(SPEECH * 10)
        doc.page_break()
    pdf = doc.build()
    pages = pdfcheck.pages_text(pdf)
    assert "— " not in pages[0]  # the cover has no page number
    assert "— 1 —" in pages[1]
    contents = pages[1]
    assert "第1次会议" in contents and "第3次会议" in contents
    labels = [int(n) for n in re.findall(r"\.\s*(\d+)", contents)]
    starts = [i for i, p in enumerate(pages) if p.startswith("第")]  # index = shown number
    assert labels == starts == [2, 4, 6]
    outline = pdfcheck.reader(pdf).outline
    assert [o.title for o in outline] == ["第1次会议", "第2次会议", "第3次会议"]


def test_markup_switches_font_for_missing_characters(bundled):
    face = bundled.faces[KAI]
    lacking = dataclasses.replace(face, chars=face.chars - {ord(c) for c in RARE})
    patched = dataclasses.replace(bundled, faces={**bundled.faces, KAI: lacking})
    text = markup("王喆<和>李堃&", patched, KAI)
    fallback = patched.face_for("喆", KAI).name
    assert fallback != face.name
    assert text == (f'王<font face="{fallback}">喆</font>&lt;和&gt;李'
                    f'<font face="{fallback}">堃</font>&amp;')
    assert markup("第一行\n第二行", bundled, HEI) == "第一行<br/>第二行"


def test_official_font_found_and_rare_characters_fall_back(tmp_path: Path, monkeypatch):
    # A Latin-only TrueType file posing as simfang.ttf: every Chinese character must fall back.
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    if not latin.exists():
        pytest.skip("needs a Latin-only TrueType font")
    shutil.copyfile(latin, tmp_path / "SIMFANG.TTF")
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [tmp_path])
    font_set.cache_clear()
    try:
        found = font_set(use_system=True)
    finally:
        font_set.cache_clear()
    assert found.faces[BODY].official
    assert found.faces[BODY].path.name == "SIMFANG.TTF"
    assert not found.faces[HEI].official  # nothing else was found: bundled
    doc = Document("测试", fonts=found)
    doc.paragraph(f"Members: 王喆、李堃、张祎、赵犇、刘昇 {RARE}")
    pdf = doc.build()
    for char in RARE + "M":
        assert pdfcheck.has_real_glyph(pdf, char), char
    assert "DejaVuSerif" in str([f.get("/BaseFont") for f in pdfcheck._fonts(pdf)])


def test_geometry_follows_settings(session):
    geo = Document.for_branch(session, "x").geometry
    assert round(geo.top / mm) == 37 and round(geo.left / mm) == 28
    assert round(geo.frame_width / mm) == 156 and round(geo.frame_height / mm) == 225
    settings.put(session, page.PAGE_STYLE, page.WORD_DEFAULT)
    session.flush()
    word = Document.for_branch(session, "x", landscape=True)
    assert word.geometry.width > word.geometry.height
    assert round(word.geometry.left / mm, 1) == 25.4
    word.table(["姓名", *[f"{m}月" for m in range(1, 13)]],
               [["王喆", *["30.00"] * 12]], size=SIZES["小五"])
    box = pdfcheck.reader(word.build()).pages[0].mediabox
    assert box.width > box.height


def test_warm_build_is_fast(bundled):
    import time

    sample(Document("测试", fonts=bundled)).build()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        sample(Document("测试", fonts=bundled)).build()
        times.append(time.perf_counter() - start)
    assert sorted(times)[2] < 0.5  # generous: the bench measures the real figure


def test_paragraph_continued_on_next_page_has_no_stray_spaces(bundled):
    doc = Document("测试", fonts=bundled)
    doc.spacer(180)
    doc.paragraph(SPEECH * 6, lead="赵犇：")  # a run in another face: ReportLab's hard split
    pages = pdfcheck.pages_text(doc.build())
    assert len(pages) == 2
    assert [line for line in pages[1].splitlines() if line.startswith(" ")] == []
    assert " " not in "".join(pages[1].splitlines()[:-1])
