"""Pre-filled forms (書かない): layouts, filling, PDF rendering, bundles and previews.

Values are drawn on an overlay with embedded, subsetted TrueType fonts and merged onto the
municipality's own PDF forms. Pure domain code: no Django.
"""

from madoguchi.domain.documents.draw import Mark
from madoguchi.domain.documents.fill import FilledField, FilledForm, fill_form
from madoguchi.domain.documents.fonts import FontPaths
from madoguchi.domain.documents.layout import SOURCES, Field, FormLayout, LayoutError
from madoguchi.domain.documents.loader import check_layouts, load_layout, load_layouts
from madoguchi.domain.documents.render import RenderedForm, render_form

__all__ = [
    "SOURCES",
    "Field",
    "FilledField",
    "FilledForm",
    "FontPaths",
    "FormLayout",
    "LayoutError",
    "Mark",
    "RenderedForm",
    "check_layouts",
    "fill_form",
    "load_layout",
    "load_layouts",
    "render_form",
]
