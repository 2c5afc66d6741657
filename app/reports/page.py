"""Page geometry and the printing settings.

The default follows GB/T 9704-2012 (the 公文 house style many units reuse for records):
A4, top margin 37 mm, left 28 mm, a 156 × 225 mm text block. Many units print with Word's
default margins instead; the branch chooses in 设置.
"""

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from sqlalchemy.orm import Session

from app import settings

GBT_9704 = "公文格式"
WORD_DEFAULT = "Word默认边距"
PAGE_STYLES = (GBT_9704, WORD_DEFAULT)

PAGE_STYLE = settings.Option("reports.page_style", GBT_9704, "打印版式（公文格式 / Word默认边距）")
USE_SYSTEM_FONTS = settings.Option(
    "reports.use_system_fonts", True, "打印时优先使用本机的方正小标宋、仿宋_GB2312等字体"
)


@dataclass(frozen=True)
class Geometry:
    """Page size and margins in points (1/72 inch)."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom


def portrait(style: str = GBT_9704) -> Geometry:
    width, height = A4
    if style == WORD_DEFAULT:  # Word's 普通 margins: 2.54 cm top/bottom, 3.18 cm left/right
        return Geometry(width, height, 25.4 * mm, 25.4 * mm, 31.8 * mm, 31.8 * mm)
    top, left, block_w, block_h = 37 * mm, 28 * mm, 156 * mm, 225 * mm
    return Geometry(width, height, top, height - top - block_h, left, width - left - block_w)


def landscape(style: str = GBT_9704) -> Geometry:
    """A4 on its side for registers (member × month grids): narrower margins, wider block."""
    height, width = A4
    if style == WORD_DEFAULT:  # Word turns its margins with the page
        return Geometry(width, height, 31.8 * mm, 31.8 * mm, 25.4 * mm, 25.4 * mm)
    return Geometry(width, height, 20 * mm, 25 * mm, 20 * mm, 20 * mm)


def geometry(session: Session, *, landscape_page: bool = False) -> Geometry:
    style = settings.get(session, PAGE_STYLE)
    return landscape(style) if landscape_page else portrait(style)
