"""Pre-filled forms (書かない): layouts, filling, PDF rendering, bundles and previews.

Values are drawn with reportlab (embedded TrueType subsets) and laid over the municipality's own
PDF forms with pikepdf. Pure domain code: no Django.
"""

from madoguchi.domain.documents.bundle import Bundle, BundleForm, render_bundle, render_visit_bundle
from madoguchi.domain.documents.draw import Mark
from madoguchi.domain.documents.fill import FilledField, FilledForm, fill_form
from madoguchi.domain.documents.fonts import FontPaths, font_set
from madoguchi.domain.documents.layout import SOURCES, Field, FormLayout, LayoutError
from madoguchi.domain.documents.loader import cached_layouts, check_layouts, load_layout, load_layouts
from madoguchi.domain.documents.preview import preview_pages
from madoguchi.domain.documents.render import RenderedForm, render_form
from madoguchi.domain.documents.uses import check_form_uses, form_data

__all__ = [
    "SOURCES",
    "Bundle",
    "BundleForm",
    "Field",
    "FilledField",
    "FilledForm",
    "FontPaths",
    "FormLayout",
    "LayoutError",
    "Mark",
    "RenderedForm",
    "cached_layouts",
    "check_form_uses",
    "check_layouts",
    "fill_form",
    "font_set",
    "form_data",
    "load_layout",
    "load_layouts",
    "preview_pages",
    "render_bundle",
    "render_form",
    "render_visit_bundle",
]
