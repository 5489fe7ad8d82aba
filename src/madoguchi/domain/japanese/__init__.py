"""Japanese text and dates: 和暦, kana and width, 異体字 folding, numerals, addresses, postal codes, fonts.

Pure Python (no Django). Every function that reads input raises only ``JapaneseInputError``.
"""

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
from madoguchi.domain.japanese.eras import ERAS, Era
from madoguchi.domain.japanese.errors import JapaneseInputError
from madoguchi.domain.japanese.kana import kana_key, name_key, to_full_width, to_katakana
from madoguchi.domain.japanese.numerals import int_to_kanji, kanji_to_int, replace_kanji_numerals
from madoguchi.domain.japanese.wareki import WarekiParts, format_wareki, parse_date, wareki_parts

__all__ = [
    "ERAS",
    "Era",
    "JapaneseInputError",
    "WarekiParts",
    "age_on",
    "age_reached_on",
    "birthday",
    "care_insurance_first_start",
    "child_period_end",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_wareki",
    "int_to_kanji",
    "kana_key",
    "kanji_to_int",
    "late_elderly_medical_start",
    "name_key",
    "parse_date",
    "replace_kanji_numerals",
    "school_entry_date",
    "school_grade",
    "to_full_width",
    "to_katakana",
    "wareki_parts",
]
