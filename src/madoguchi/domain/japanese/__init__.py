"""Japanese text and dates: 和暦, kana and width, 異体字 folding, numerals, addresses, codes, phones, fonts.

Pure Python (no Django). Every function that reads input raises only ``JapaneseInputError``.
"""

from madoguchi.domain.japanese.address import address_key, address_matches, split_katagaki
from madoguchi.domain.japanese.ages import (
    age_on,
    age_reached_on,
    birthday,
    care_insurance_first_start,
    child_period_end,
    fiscal_year,
    fiscal_year_bounds,
    late_elderly_medical_start,
    school_entry_date,
    school_grade,
)
from madoguchi.domain.japanese.closed_days import closed_day_reason
from madoguchi.domain.japanese.codes import code_digits, fold_dashes, normalize_phone, typed_code
from madoguchi.domain.japanese.declared import ValueKind, differs_from_register, shown
from madoguchi.domain.japanese.eras import ERAS, Era
from madoguchi.domain.japanese.errors import JapaneseInputError
from madoguchi.domain.japanese.glyphs import DEFAULT_FONT_PATHS, missing_glyphs
from madoguchi.domain.japanese.kana import kana_key, name_key, name_keys, to_full_width, to_katakana
from madoguchi.domain.japanese.numerals import int_to_kanji, kanji_to_int, replace_kanji_numerals
from madoguchi.domain.japanese.postal import PostalAddress, lookup_postal_code, normalize_postal_code
from madoguchi.domain.japanese.wareki import (
    WEEKDAYS,
    WarekiParts,
    format_wareki,
    format_wareki_weekday,
    parse_date,
    wareki_parts,
)

__all__ = [
    "DEFAULT_FONT_PATHS",
    "ERAS",
    "WEEKDAYS",
    "Era",
    "JapaneseInputError",
    "PostalAddress",
    "ValueKind",
    "WarekiParts",
    "address_key",
    "address_matches",
    "age_on",
    "age_reached_on",
    "birthday",
    "care_insurance_first_start",
    "child_period_end",
    "closed_day_reason",
    "code_digits",
    "differs_from_register",
    "fiscal_year",
    "fiscal_year_bounds",
    "fold_dashes",
    "format_wareki",
    "format_wareki_weekday",
    "int_to_kanji",
    "kana_key",
    "kanji_to_int",
    "late_elderly_medical_start",
    "lookup_postal_code",
    "missing_glyphs",
    "name_key",
    "name_keys",
    "normalize_phone",
    "normalize_postal_code",
    "parse_date",
    "replace_kanji_numerals",
    "school_entry_date",
    "school_grade",
    "shown",
    "split_katagaki",
    "to_full_width",
    "to_katakana",
    "typed_code",
    "wareki_parts",
]
