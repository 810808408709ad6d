"""Tables 二, 三 and 四 drawn as pictures, the way reports paste them: Word-like
screenshots and page scans, for the ``[ocr]`` tests and benchmark.

The tables are ``render_web``'s grids (header and data rows with their colspans, and
rowspans where a row leaves grid columns to the cell above), so what is drawn is the
statutory layout: merged header cells, table 三's three label columns with the vertical
三、本年度办理结果, table 四's two header levels.  A ``PictureStyle`` says how it is
drawn: the font size and scale (96–150 dpi screenshots, 200–300 dpi scans), the
ruling lines' width, JPEG quality, blur, noise and a small tilt.

Needs Pillow and a CJK font (``CJK_FONT``; ``.ci/run`` installs WenQuanYi Zen Hei).
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from render import Value, consistent_values
from render_web import LABEL, VALUE, Grid, Quirks, _table2_grid, _table3_grid, _table4_grid

CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
CJK_FONT = next((f for f in CJK_FONTS if Path(f).exists()), None)


@dataclass(frozen=True)
class PictureStyle:
    name: str
    scale: float = 1.0  # 1.0: a 96 dpi screenshot with 14 px text
    line: int = 1  # ruling line width at scale 1
    jpeg: int | None = None  # JPEG quality, or None for PNG
    blur: float = 0.0
    noise: float = 0.0  # share of pixels flipped (a scan's speckle)
    tilt: float = 0.0  # degrees
    font_px: int = 14
    line_fill: int = 0  # the ruling lines' grey (0 black; Word's light grid is ~200)


STYLES: tuple[PictureStyle, ...] = (
    PictureStyle("screenshot-96", 1.0),
    PictureStyle("screenshot-120-jpeg", 1.25, jpeg=70),
    PictureStyle("screenshot-150-blur", 1.56, jpeg=60, blur=0.6),
    PictureStyle("scan-200", 2.08, line=1, jpeg=75, noise=0.002, tilt=0.3),
    PictureStyle("scan-300", 3.1, line=1, jpeg=70, noise=0.002, tilt=-0.4),
)
CLEAN_STYLES = STYLES[:2]


def _fmt(value: Value) -> str:
    return "" if value is None else str(value)


def _spans(grid: Grid) -> list[tuple[int, int, int, int, str, str]]:
    """Each cell of the grid as (row, column, rowspan, colspan, kind, text).

    A grid position a row does not fill is held by the cell above it (a rowspan)."""
    owner: dict[tuple[int, int], int] = {}
    cells: list[list[object]] = []
    for r, row in enumerate(grid.rows):
        c = row.covered
        for slot in row.slots:
            while (r, c) in owner and c < grid.width:
                c += 1
            text = _fmt(slot.value) if slot.kind == VALUE else slot.text
            index = len(cells)
            cells.append([r, c, 1, slot.span, slot.kind, text])
            for k in range(slot.span):
                owner[(r, c + k)] = index
            c += slot.span
        for col in range(grid.width):
            if (r, col) not in owner and r > 0 and (r - 1, col) in owner:
                above = owner[(r - 1, col)]
                cell = cells[above]
                if cell[0] + cell[2] == r:  # type: ignore[operator]
                    cell[2] = int(cell[2]) + 1  # type: ignore[call-overload]
                owner[(r, col)] = above
    return [tuple(c) for c in cells]  # type: ignore[misc]


def _column_widths(table: int, grid: Grid, unit: int) -> list[int]:
    if table == 2:
        return [unit * 15] + [unit * 8] * (grid.width - 1)
    if table == 3:
        depth = grid.width - 7 if grid.width >= 10 else 3
        labels = [unit * 2, unit * 6, unit * 14][-depth:] if depth <= 3 else [unit * 4] * depth
        return labels + [unit * 5] * (grid.width - len(labels))
    return [unit * 4] * grid.width


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for ch in part:
            if line and draw.textlength(line + ch, font=font) > width:
                lines.append(line)
                line = ch
            else:
                line += ch
        lines.append(line)
    return lines


def draw_table(
    table: int,
    grid: Grid,
    style: PictureStyle,
    *,
    blank_zeros: bool = False,
    zero: str = "0",
    missing_line: int | None = None,
) -> Image.Image:
    """One table as a white picture with ruling lines (``blank_zeros``: a zero value's
    cell left empty, as many reports print them; ``zero``: what a zero value prints,
    "—" or "/" as many reports print it; ``missing_line``: the ruling line under
    that grid row left out between the value cells, as a faded scan loses one)."""
    assert CJK_FONT is not None, "no CJK font installed"
    s = style.scale
    font_px = max(8, round(style.font_px * s))
    font = ImageFont.truetype(CJK_FONT, font_px)
    unit = font_px + 1
    widths = _column_widths(table, grid, unit)
    pad = max(3, round(4 * s))
    line_h = round(font_px * 1.35)
    scratch = ImageDraw.Draw(Image.new("L", (10, 10)))
    cells = _spans(grid)
    if blank_zeros or zero != "0":
        instead = "" if blank_zeros else zero
        cells = [
            (r, c, rs, cs, k, instead if k == VALUE and t == "0" else t)
            for r, c, rs, cs, k, t in cells
        ]
    heights = [line_h + 2 * pad] * len(grid.rows)
    for r, c, rs, cs, _, text in cells:
        if rs == 1:
            w = sum(widths[c : c + cs]) - 2 * pad
            n = len(_wrap(scratch, text, font, w))
            heights[r] = max(heights[r], n * line_h + 2 * pad)
    xs = [0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [0]
    for h in heights:
        ys.append(ys[-1] + h)
    margin = round(20 * s)
    image = Image.new("L", (xs[-1] + 2 * margin, ys[-1] + 2 * margin), 255)
    draw = ImageDraw.Draw(image)
    lw = max(1, round(style.line * s))
    for r, c, rs, cs, kind, text in cells:
        x0, y0 = margin + xs[c], margin + ys[r]
        x1, y1 = margin + xs[c + cs], margin + ys[r + rs]
        draw.rectangle([x0, y0, x1, y1], outline=style.line_fill, width=lw)
        lines = _wrap(draw, text, font, x1 - x0 - 2 * pad)
        top = y0 + ((y1 - y0) - len(lines) * line_h) // 2
        for i, line in enumerate(lines):
            tw = draw.textlength(line, font=font)
            left = x0 + pad if kind == LABEL and len(lines) == 1 else x0 + ((x1 - x0) - tw) / 2
            draw.text((left, top + i * line_h + (line_h - font_px) // 2), line, font=font, fill=0)
    if missing_line is not None:
        y = margin + ys[missing_line + 1]
        first_value = min(c for r, c, _, _, kind, _ in cells if kind == VALUE)
        for c in range(first_value, len(widths)):
            left, right = margin + xs[c] + lw, margin + xs[c + 1] - lw
            draw.rectangle([left, y - lw, right, y + lw], fill=255)
    return image


def stamp_seal(image: Image.Image, at: tuple[float, float] = (0.6, 0.5)) -> Image.Image:
    """A red seal (a ring, an organ's name round it, a star) stamped over the picture,
    half transparent, as on a signed page: ``at`` is its centre, as shares of the
    picture's width and height."""
    assert CJK_FONT is not None
    width, height = image.size
    cx, cy = width * at[0], height * at[1]
    radius = min(width, height) * 0.25
    stamped = image.convert("RGB")
    draw = ImageDraw.Draw(stamped, "RGBA")
    red = (230, 0, 0, 200)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=4)
    font = ImageFont.truetype(CJK_FONT, int(radius / 4))
    name = "示例县人民政府办公室"
    for i, ch in enumerate(name):
        angle = math.pi * (1.1 + 0.8 * i / (len(name) - 1))
        x = cx + 0.75 * radius * math.cos(angle) - radius / 8
        y = cy + 0.75 * radius * math.sin(angle) - radius / 8
        draw.text((x, y), ch, font=font, fill=red)
    draw.text((cx - radius / 6, cy - radius / 6), "★", font=font, fill=red)
    return stamped


def degrade(image: Image.Image, style: PictureStyle, rng: random.Random) -> bytes:
    """The picture as a file's bytes, after the style's blur, noise, tilt and JPEG."""
    if style.tilt:
        image = image.rotate(
            style.tilt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
        )
    if style.blur:
        image = image.filter(ImageFilter.GaussianBlur(style.blur))
    if style.noise:
        pixels = image.load()
        assert pixels is not None
        w, h = image.size
        for _ in range(int(w * h * style.noise)):
            x, y = rng.randrange(w), rng.randrange(h)
            pixels[x, y] = 0 if pixels[x, y] > 128 else 255  # type: ignore[operator]
    out = io.BytesIO()
    if style.jpeg is not None:
        image.convert("RGB").save(out, format="JPEG", quality=style.jpeg)
    else:
        image.save(out, format="PNG")
    return out.getvalue()


def table_grids(values: Mapping[str, Value], edition: str, rng: random.Random) -> dict[int, Grid]:
    """Grids of tables 二, 三 and 四 (the plain template: no quirks)."""
    quirks = Quirks()
    return {
        2: _table2_grid(values, edition, quirks, rng),
        3: _table3_grid(values, edition, quirks, note=False),
        4: _table4_grid(values),
    }


def table_picture(
    table: int, values: Mapping[str, Value], edition: str, style: PictureStyle, seed: int
) -> bytes:
    rng = random.Random(seed)
    grid = table_grids(values, edition, rng)[table]
    return degrade(draw_table(table, grid, style), style, rng)


def example_values(seed: int, edition: str = "2021") -> dict[str, Value]:
    return consistent_values(random.Random(seed), edition)


def score_table(
    cells: Mapping[str, Value | None], values: Mapping[str, Value], prefix: str
) -> tuple[int, list[str], int]:
    """(right, the wrong cells described, None) over the cells of one table ("t3.")."""
    right, wrong, unread = 0, [], 0
    for address, value in cells.items():
        if not address.startswith(prefix):
            continue
        if value is None:
            unread += 1
        elif value == values[address]:
            right += 1
        else:
            wrong.append(f"{address}: read {value}, printed {values[address]}")
    return right, wrong, unread


__all__ = [
    "CJK_FONT",
    "CLEAN_STYLES",
    "STYLES",
    "PictureStyle",
    "draw_table",
    "example_values",
    "score_table",
    "stamp_seal",
    "table_grids",
    "table_picture",
]
