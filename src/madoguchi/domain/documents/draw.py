"""Draw filled fields on a reportlab canvas (the overlay) and record each drawn extent."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from madoguchi.domain.documents.fill import OVERFLOW_TEXT, RESIDENT, FilledField, FilledForm
from madoguchi.domain.documents.fit import LEADING, MM, TextFit, block_height, fit_text
from madoguchi.domain.documents.fonts import ASCENT, FontSet
from madoguchi.domain.documents.layout import Box, Field

# 縦書き: characters that turn or change shape when written top to bottom.
VERTICAL_FORMS = str.maketrans("ー－-（）「」『』、。…～〜", "｜｜｜︵︶﹁﹂﹃﹄︑︒︙≀≀")
MARK_COLOR = (0.75, 0.1, 0.1)
INK = (0.05, 0.05, 0.3)
# The ✓ stroke, as fractions of its box from the top-left.
CHECK_STROKE = ((0.18, 0.52), (0.42, 0.82), (0.85, 0.15))


@dataclass(frozen=True, slots=True)
class Mark:
    """Something drawn on the overlay: which field, where (mm from the page's top-left), what."""

    field_id: str
    page: int
    kind: str
    text: str
    box: Box
    fonts: tuple[str, ...] = ()


class Painter:
    """Draws one page on a reportlab canvas in millimetres from the top-left, recording each mark."""

    def __init__(self, canvas: Canvas, fonts: FontSet, page: int, page_height_pt: float) -> None:
        """Draw on the canvas's current page, recording marks for output page number `page`."""
        self.canvas, self.fonts, self.page, self.height = canvas, fonts, page, page_height_pt
        self.marks: list[Mark] = []

    def run(self, x_pt: float, baseline_from_top_pt: float, text: str, style: str, size: float) -> list[str]:
        """Draw text starting at x with per-character font fallback; return the fonts used."""
        y = self.height - baseline_from_top_pt
        used = []
        for name, part in self.fonts.runs(text, style):
            self.canvas.setFont(name, size)
            self.canvas.drawString(x_pt, y, part)
            x_pt += self.fonts.width(part, style, size)
            used.append(name)
        return used

    def set_color(self, rgb: tuple[float, float, float]) -> None:
        """Set the colour of the text and strokes drawn next."""
        self.canvas.setFillColorRGB(*rgb)
        self.canvas.setStrokeColorRGB(*rgb)

    def lines(self, fid: str, kind: str, fit: TextFit, box: Box, style: str, align: str) -> None:
        """Draw fitted lines centred vertically in the box, aligned left, centre or right."""
        size = fit.size
        top = box[1] * MM + (box[3] * MM - block_height(len(fit.lines), size)) / 2
        for index, line in enumerate(fit.lines):
            width = self.fonts.width(line, style, size)
            spare = box[2] * MM - width
            pad = min(0.8 * MM, max(spare, 0) / 2)
            offset = {"left": pad, "center": spare / 2, "right": spare - pad}[align]
            line_top = top + index * size * LEADING
            used = self.run(box[0] * MM + offset, line_top + size * ASCENT, line, style, size)
            extent = ((box[0] * MM + offset) / MM, line_top / MM, width / MM, size / MM)
            self.marks.append(Mark(fid, self.page, kind, line, extent, tuple(used)))

    def columns(self, fid: str, fit: TextFit, box: Box, style: str, align: str) -> None:
        """Draw fitted 縦書き columns from right to left, each character upright."""
        size = fit.size
        block = block_height(len(fit.lines), size)
        left = box[0] * MM + (box[2] * MM - block) / 2
        for index, column in enumerate(fit.lines):
            center = left + block - size / 2 - index * size * LEADING
            spare = box[3] * MM - len(column) * size
            top = box[1] * MM + (spare / 2 if align == "center" else min(spare, 0.8 * MM))
            used: list[str] = []
            for k, char in enumerate(column.translate(VERTICAL_FORMS)):
                width = self.fonts.width(char, style, size)
                used += self.run(center - width / 2, top + k * size + size * ASCENT, char, style, size)
            extent = ((center - size / 2) / MM, top / MM, size / MM, len(column) * size / MM)
            self.marks.append(Mark(fid, self.page, "text", column, extent, tuple(dict.fromkeys(used))))

    def ellipse(self, fid: str, label: str, box: Box) -> None:
        """Draw an ellipse around a printed option."""
        x, y, w, h = box
        self.canvas.setLineWidth(0.9)
        self.canvas.ellipse(x * MM, self.height - y * MM, (x + w) * MM, self.height - (y + h) * MM)
        self.marks.append(Mark(fid, self.page, "circle", label, box))

    def check(self, fid: str, mark: str, box: Box) -> None:
        """Draw ✓ (as strokes) or ■ (a filled square) in the box."""
        x, y, w, h = box
        if mark == "■":
            inset = min(w, h) * 0.18
            corner = ((x + inset) * MM, self.height - (y + h - inset) * MM)
            self.canvas.rect(*corner, (w - 2 * inset) * MM, (h - 2 * inset) * MM, stroke=0, fill=1)
        else:
            path = self.canvas.beginPath()
            path.moveTo(*self._point(x, y, w, h, *CHECK_STROKE[0]))
            for px, py in CHECK_STROKE[1:]:
                path.lineTo(*self._point(x, y, w, h, px, py))
            self.canvas.setLineWidth(1.1)
            self.canvas.drawPath(path, stroke=1, fill=0)
        self.marks.append(Mark(fid, self.page, "check", mark, box))

    def _point(self, x: float, y: float, w: float, h: float, px: float, py: float) -> tuple[float, float]:
        """Return the point at fractions (px, py) of a box in mm from the top-left, in PDF points."""
        return (x + px * w) * MM, self.height - (y + py * h) * MM

    def line(self, x1_pt: float, y1_pt: float, x2_pt: float, y2_pt: float, width: float) -> None:
        """Stroke a straight line (in points from the bottom-left, as PDF has them)."""
        self.canvas.setLineWidth(width)
        self.canvas.line(x1_pt, y1_pt, x2_pt, y2_pt)

    def resident_marker(self, fid: str, number: int, box: Box) -> None:
        """Mark a field the resident must write or sign with its number in the signature guide."""
        x, y, w, h = box
        canvas = self.canvas
        canvas.saveState()
        self.set_color(MARK_COLOR)
        canvas.setDash(2, 1.5)
        canvas.setLineWidth(0.6)
        canvas.rect((x + 0.3) * MM, self.height - (y + h - 0.3) * MM, (w - 0.6) * MM, (h - 0.6) * MM)
        label = circled(number) + "ご記入ください"
        self.run((x + 1.0) * MM, (y + 0.6) * MM + 7 * ASCENT, label, "ゴシック", 7)
        canvas.restoreState()
        self.marks.append(Mark(fid, self.page, "resident", label, box))


def circled(number: int) -> str:
    """Return ① … ⑳ for 1–20 and (21) beyond."""
    return chr(0x2460 + number - 1) if 1 <= number <= 20 else f"({number})"


def draw_form_page(painter: Painter, form: FilledForm, page: int, numbers: dict[str, int]) -> None:
    """Draw every field of one page of the form; `numbers` gives resident fields their guide number."""
    painter.set_color(INK)
    for filled in form.fields:
        if filled.field.page == page:
            draw_field(painter, filled, numbers.get(filled.field.id, 0))


def draw_field(painter: Painter, filled: FilledField, number: int) -> None:
    """Draw one filled field (nothing if it is empty or in error)."""
    field = filled.field
    if filled.status == RESIDENT and field.box is not None:
        painter.resident_marker(field.id, number, field.box)
    elif filled.status == "filled":
        _DRAWERS[field.kind](painter, filled)


def _draw_text(painter: Painter, filled: FilledField) -> None:
    field, fit = filled.field, filled.fit
    if fit is None or field.box is None:
        return
    kind = "overflow" if filled.overflow else "text"
    if field.vertical:
        painter.columns(field.id, fit, field.box, field.font, field.align)
    else:
        painter.lines(field.id, kind, fit, field.box, field.font, field.align)


def _draw_boxes(painter: Painter, filled: FilledField) -> None:
    field = filled.field
    assert field.box is not None
    if filled.overflow:
        fit = fit_text(
            OVERFLOW_TEXT,
            field.box,
            size=field.size,
            min_size=3,
            lines=1,
            vertical=False,
            widths=painter.fonts.measure(field.font),
        )
        if fit is not None:
            painter.lines(field.id, "overflow", fit, field.box, field.font, "center")
        return
    size = min(field.size, field.pitch * MM * 0.8, field.box[3] * MM * 0.8)
    for index, char in enumerate(filled.text):
        gap = field.gap if field.gap_after and index >= field.gap_after else 0.0
        cell = (field.box[0] + index * field.pitch + gap, field.box[1], field.pitch, field.box[3])
        painter.lines(field.id, "boxes", TextFit(size, (char,)), cell, field.font, "center")


def _draw_check(painter: Painter, filled: FilledField) -> None:
    if filled.checked and filled.field.box is not None:
        painter.check(filled.field.id, filled.field.mark, filled.field.box)


def _draw_circle(painter: Painter, filled: FilledField) -> None:
    for label, box in filled.field.options:
        if label == filled.text:
            painter.ellipse(filled.field.id, label, box)


def _draw_date(painter: Painter, filled: FilledField) -> None:
    field, parts = filled.field, filled.date
    if parts is None:
        _draw_text(painter, filled)
        return
    for label, box in field.era:
        if label == parts.era:
            painter.ellipse(field.id, label, box)
    for text, part_box in ((parts.year, field.year), (parts.month, field.month), (parts.day, field.day)):
        if part_box is None:
            continue
        fit = fit_text(
            text,
            part_box,
            size=field.size,
            min_size=4,
            lines=1,
            vertical=False,
            widths=painter.fonts.measure(field.font),
        )
        if fit is not None:
            painter.lines(field.id, "date", fit, part_box, field.font, "center")


_DRAWERS = {
    "text": _draw_text,
    "boxes": _draw_boxes,
    "check": _draw_check,
    "circle": _draw_circle,
    "date": _draw_date,
}


def field_numbering(fields: list[Field]) -> dict[str, int]:
    """Number the resident fields 1, 2, … in layout order."""
    resident = [f for f in fields if f.for_resident]
    return {f.id: index for index, f in enumerate(resident, start=1)}
