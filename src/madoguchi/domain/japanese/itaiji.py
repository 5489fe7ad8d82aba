"""The 異体字 folding table for name search keys, read once from ``itaiji.tsv``."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

from madoguchi.domain.japanese.errors import JapaneseInputError

TABLE_FILE = "itaiji.tsv"


@cache
def itaiji_table() -> dict[str, str]:
    """Return the folding table (variant → standard form) shipped with the package."""
    text = resources.files(__package__).joinpath(TABLE_FILE).read_text(encoding="utf-8")
    return parse_itaiji_table(text)


def parse_itaiji_table(text: str) -> dict[str, str]:
    """Return the pairs of a folding table, refusing lines that would make keys unstable."""
    table: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            variant, standard = _pair(line, number)
            if variant in table:
                raise JapaneseInputError(f"{TABLE_FILE} {number}行目: 「{variant}」が2回書かれています")
            table[variant] = standard
    _check_no_chains(table)
    return table


def _pair(line: str, number: int) -> tuple[str, str]:
    cells = line.split("\t")
    if len(cells) < 2 or len(cells[0]) != 1 or len(cells[1]) != 1 or cells[0] == cells[1]:
        raise JapaneseInputError(
            f"{TABLE_FILE} {number}行目: 「異体字<TAB>標準字」の1字ずつの組ではありません"
        )
    if unicodedata.normalize("NFKC", cells[0]) != cells[0]:
        raise JapaneseInputError(
            f"{TABLE_FILE} {number}行目: 「{cells[0]}」は互換漢字でNFKCが畳むので不要です"
        )
    return cells[0], cells[1]


def _check_no_chains(table: dict[str, str]) -> None:
    # A standard form that is itself folded would make the key depend on how often it is applied.
    chained = sorted(standard for standard in table.values() if standard in table)
    if chained:
        raise JapaneseInputError(
            f"{TABLE_FILE}: 標準字「{'・'.join(chained)}」が異体字の側にも書かれています"
        )
