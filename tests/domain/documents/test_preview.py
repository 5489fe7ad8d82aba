"""PNG previews of rendered pages."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from madoguchi.domain.documents import render_form
from madoguchi.domain.documents.preview import preview_pages

from .conftest import TODAY


@pytest.fixture(scope="module")
def rendered(layouts, yoshida):
    return render_form(layouts["F_H02"], yoshida, today=TODAY)


@pytest.mark.parametrize(("dpi", "width"), [(36, 298), (72, 595), (96, 794)])
def test_preview_is_a_png_of_the_a4_page_at_the_asked_resolution(rendered, dpi, width):
    [png] = preview_pages(rendered.pdf, dpi=dpi)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert abs(image.size[0] - width) <= 1
    assert abs(image.size[1] / image.size[0] - 297 / 210) < 0.01


def test_preview_shows_the_drawn_values_not_a_blank_page(rendered):
    [png] = preview_pages(rendered.pdf, dpi=50)
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = sum(image.point(lambda v: 255 if v < 128 else 0).histogram()[255:])
    assert dark > 2000


@pytest.mark.parametrize(
    ("kwargs", "words"), [({"dpi": 5}, "10〜300"), ({"pages": [3]}, "3ページはありません")]
)
def test_bad_preview_requests_say_why(rendered, kwargs, words):
    with pytest.raises(ValueError, match=words):
        preview_pages(rendered.pdf, **kwargs)
