"""PNG previews of rendered pages (pypdfium2), for showing a bundle in the browser."""

from __future__ import annotations

import io
import threading

import pypdfium2 as pdfium

MAX_DPI = 300
# PDFium is not thread-safe, not even across documents: one thread at a time uses it.
_PDFIUM = threading.Lock()


def preview_pages(pdf: bytes, *, dpi: int = 72, pages: list[int] | None = None) -> list[bytes]:
    """Return PNG images of the pages (1-based numbers; all pages when None) at the given DPI."""
    if not 10 <= dpi <= MAX_DPI:
        raise ValueError(f"解像度は 10〜{MAX_DPI} dpi で指定してください（{dpi}）")
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            numbers = pages or list(range(1, len(document) + 1))
            return [_png(document, number, dpi) for number in numbers]
        finally:
            document.close()


def _png(document: pdfium.PdfDocument, number: int, dpi: int) -> bytes:
    if not 1 <= number <= len(document):
        raise ValueError(f"{number}ページはありません（全{len(document)}ページ）")
    bitmap = document[number - 1].render(scale=dpi / 72)
    out = io.BytesIO()
    bitmap.to_pil().save(out, format="PNG", optimize=False)
    return out.getvalue()
