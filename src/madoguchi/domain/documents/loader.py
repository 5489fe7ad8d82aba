"""Read and check layout files; value expressions are compiled once here."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from madoguchi.domain.documents import layout as lay
from madoguchi.domain.documents.reading import Reader, field_from_mapping
from madoguchi.domain.packs import Problem

# libyaml's loader when installed: ten times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FIELD_ID = re.compile(r"^[a-z][a-z0-9_]*$")
FORM_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
TOP_KEYS = {"form", "name", "department", "base", "settings", "fields"}
COMMON_KEYS = {"id", "label", "page", "kind", "source", "value"}
KIND_KEYS: Mapping[str, set[str]] = {
    "text": {"box", "font", "size", "min_size", "align", "lines", "vertical"},
    "boxes": {"box", "count", "pitch", "gap_after", "gap", "font", "size"},
    "check": {"box", "mark"},
    "circle": {"options"},
    "date": {"style", "box", "era", "year", "month", "day", "font", "size", "min_size", "align"},
}


def load_layout(path: str | Path) -> lay.FormLayout:
    """Read one layout file; raise LayoutError listing every problem found."""
    layout, problems = read_layout(Path(path))
    if problems or layout is None:
        raise lay.LayoutError(problems)
    return layout


def load_layouts(forms_dir: str | Path) -> dict[str, lay.FormLayout]:
    """Read every layout of a pack's forms folder, keyed by form id; raise LayoutError on problems."""
    layouts: dict[str, lay.FormLayout] = {}
    problems: list[Problem] = []
    for path in sorted(Path(forms_dir).glob("*.yaml")):
        layout, found = read_layout(path)
        problems.extend(found)
        if layout is not None:
            layouts[layout.form_id] = layout
    if problems:
        raise lay.LayoutError(problems)
    return layouts


def cached_layouts(forms_dir: str | Path) -> dict[str, lay.FormLayout]:
    """Return load_layouts(forms_dir), read again only when a layout file changes."""
    folder = Path(forms_dir)
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yaml")))
    return dict(_cached(folder.resolve(), stamp))


@functools.lru_cache(maxsize=16)
def _cached(folder: Path, _stamp: tuple[tuple[str, int], ...]) -> dict[str, lay.FormLayout]:
    return load_layouts(folder)


def check_layouts(forms_dir: str | Path) -> list[Problem]:
    """Return the problems of every layout in a forms folder (empty when all are usable)."""
    try:
        load_layouts(forms_dir)
    except lay.LayoutError as err:
        return err.problems
    return []


def read_layout(path: Path) -> tuple[lay.FormLayout | None, list[Problem]]:
    """Read a layout file and return it (None if unusable) with its problems."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError) as err:
        return None, [Problem(file, None, f"ファイルを読めません（{err}）")]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, [Problem(file, line, f"YAMLとして読めません（{getattr(err, 'problem', err)}）")]
    reader = Reader(file, _field_lines(root))
    layout = _build_layout(path, data, reader)
    return (layout if not reader.problems else None), reader.problems


def _field_lines(root: yaml.Node | None) -> dict[tuple[int, str], int]:
    """Map (field index, key) to its 1-based line; index -1 holds the top-level keys."""
    lines: dict[tuple[int, str], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        lines[(-1, str(key.value))] = key.start_mark.line + 1
        if key.value == "fields" and isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                lines[(index, "")] = item.start_mark.line + 1
                if isinstance(item, yaml.MappingNode):
                    lines.update({(index, str(k.value)): k.start_mark.line + 1 for k, _ in item.value})
    return lines


def _build_layout(path: Path, data: object, reader: Reader) -> lay.FormLayout | None:
    if not isinstance(data, dict):
        reader.problem(
            -1, "", "様式のレイアウトは「form:」「name:」「fields:」などを持つマッピングで書いてください"
        )
        return None
    for key in sorted(set(data) - TOP_KEYS):
        reader.problem(
            -1, str(key), f"「{key}」は使えないキーです（使えるのは {', '.join(sorted(TOP_KEYS))}）"
        )
    form_id = _top_text(data, "form", reader)
    if form_id and not FORM_ID.match(form_id):
        reader.problem(-1, "form", f"様式ID「{form_id}」は英大文字・数字・_ で書いてください（例: F_H02）")
    if form_id and form_id != path.stem:
        reader.problem(-1, "form", f"様式ID「{form_id}」がファイル名「{path.name}」と一致しません")
    base = path.parent / _top_text(data, "base", reader, default=f"{path.stem}.pdf")
    if not base.is_file():
        reader.problem(-1, "base", f"様式のPDF「{base.name}」が {path.parent} にありません")
    fields = _read_fields(data.get("fields"), reader)
    settings = _read_settings(data.get("settings", {}), reader)
    _check_setting_names(fields, data.get("fields"), {name for name, _ in settings}, reader)
    name, department = _top_text(data, "name", reader), _top_text(data, "department", reader)
    return lay.FormLayout(form_id, name, department, base, fields, path, settings)


def _read_settings(items: object, reader: Reader) -> tuple[tuple[str, tuple[str, ...]], ...]:
    message = (
        "「settings:」は 名前: [選択肢, …] のマッピングで書いてください（例: change: [取得, 喪失, 変更]）"
    )
    if not isinstance(items, dict):
        reader.problem(-1, "settings", message)
        return ()
    settings = []
    for name, options in items.items():
        if not FIELD_ID.match(str(name)) or not isinstance(options, list) or not options:
            reader.problem(-1, "settings", message)
            continue
        settings.append((str(name), tuple(str(o) for o in options)))
    return tuple(settings)


def _check_setting_names(
    fields: tuple[lay.Field, ...], items: object, declared: set[str], reader: Reader
) -> None:
    ids = (
        [str(i.get("id", "")) if isinstance(i, dict) else "" for i in items]
        if isinstance(items, list)
        else []
    )
    for item in fields:
        names = item.value.fact_names if item.value else frozenset()
        used = {n.split(".")[1] for n in names if n.startswith("settings.")}
        for name in sorted(used - declared):
            index = ids.index(item.id) if item.id in ids else -1
            reader.problem(
                index, "value", f"項目「{item.id}」: settings.{name} は「settings:」で宣言されていません"
            )


def _top_text(data: dict[str, Any], key: str, reader: Reader, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        reader.problem(-1, key, f"「{key}:」に文字列を書いてください")
        return ""
    return value.strip()


def _read_fields(items: object, reader: Reader) -> tuple[lay.Field, ...]:
    if not isinstance(items, list) or not items:
        reader.problem(-1, "fields", "「fields:」に項目のリストを書いてください")
        return ()
    fields: list[lay.Field] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        built = _read_field(index, item, reader)
        if built is None:
            continue
        if built.id in seen:
            reader.problem(index, "id", f"項目ID「{built.id}」が重複しています")
        seen.add(built.id)
        fields.append(built)
    return tuple(fields)


def _read_field(index: int, item: object, reader: Reader) -> lay.Field | None:
    if not isinstance(item, dict):
        reader.problem(index, "", f"{index + 1}番目の項目はマッピング（id: … kind: …）で書いてください")
        return None
    fid = str(item.get("id", ""))
    where = f"項目「{fid}」" if fid else f"{index + 1}番目の項目"
    if not FIELD_ID.match(fid):
        reader.problem(index, "id", f"{where}: id は英小文字・数字・_ で書いてください（例: deceased_name）")
    kind = item.get("kind")
    if kind not in lay.KINDS:
        reader.problem(index, "kind", f"{where}: kind「{kind}」は使えません（{' / '.join(lay.KINDS)}）")
        return None
    _check_keys(index, item, str(kind), where, reader)
    return field_from_mapping(index, item, str(kind), fid, where, reader)


def _check_keys(index: int, item: dict[str, Any], kind: str, where: str, reader: Reader) -> None:
    allowed = COMMON_KEYS | KIND_KEYS[kind]
    for key in sorted(set(item) - allowed):
        reader.problem(index, str(key), f"{where}: kind {kind} では「{key}」は使えません")
