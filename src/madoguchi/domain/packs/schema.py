"""Validate pack files against schema.json and word every violation in Japanese."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from madoguchi.domain.packs.model import Problem
from madoguchi.domain.packs.source import LocatedFile

_TYPE_NAMES = {
    "string": "文字列",
    "integer": "整数",
    "number": "数値",
    "boolean": "true か false",
    "array": "リスト",
    "object": "項目の集まり（key: value）",
    "null": "null",
}

# Extension names before the calendars were named by the authority receiving the filing.
_OLD_EXTENSIONS = {
    "administrative": (
        "市区町村の窓口なら municipal、"
        "国の行政機関（法務局・入管・年金事務所など）なら national にしてください"
    ),
    "civil": "受け付ける機関に合わせて national・tax・court、時効なら none にしてください",
}


@cache
def load_schema() -> dict[str, Any]:
    """Return the pack JSON Schema shipped with this package."""
    text = resources.files("madoguchi.domain.packs").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator({**load_schema(), "$ref": f"#/$defs/{kind}"})


def validate(located: LocatedFile, kind: str) -> list[Problem]:
    """Return one problem per schema violation of the file, each with its line."""
    errors = sorted(_validator(kind).iter_errors(located.data), key=lambda e: list(map(str, e.absolute_path)))
    return [problem for error in errors for problem in _problems(located, error)]


def _problems(located: LocatedFile, error: ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    where = _where(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = [key for key in error.instance if key not in allowed]
        return [
            located.problem(
                (*path, key), f"{where}未知の項目「{key}」があります（書き間違いではありませんか）"
            )
            for key in extra
        ]
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [key for key in error.validator_value if key not in error.instance]
        return [located.problem(path, f"{where}必須の項目「{key}」がありません") for key in missing]
    if error.validator == "dependentRequired" and isinstance(error.instance, dict):
        return [located.problem(path, f"{where}{_dependent(error)}")]
    return [located.problem(path, f"{where}{_message(error)}")]


def _where(path: tuple[str | int, ...]) -> str:
    if not path:
        return ""
    text = "".join(f"[{part + 1}番目]" if isinstance(part, int) else f".{part}" for part in path)
    return f"「{text.lstrip('.')}」: "


def _dependent(error: ValidationError) -> str:
    for key, needed in error.validator_value.items():
        missing = [name for name in needed if key in error.instance and name not in error.instance]
        if missing:
            return f"「{key}」を書くときは「{'」「'.join(missing)}」も必要です"
    return "組み合わせが正しくありません"


def _message(error: ValidationError) -> str:
    value = error.instance
    if error.validator == "type":
        expected = (
            error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        )
        names = "または".join(_TYPE_NAMES.get(str(name), str(name)) for name in expected)
        return f"{names}で書いてください（いまは {value!r}）"
    old_extension = list(error.absolute_path)[-1:] == ["extension"] and value in _OLD_EXTENSIONS
    if error.validator == "enum" and old_extension:
        return f"extension「{value}」は使えなくなりました。{_OLD_EXTENSIONS[value]}"
    if error.validator == "enum":
        return f"{'・'.join(map(str, error.validator_value))} のいずれかにしてください（いまは {value!r}）"
    if error.validator == "pattern":
        return f"書き方が正しくありません（{value!r}）"
    if error.validator in ("minItems", "minLength"):
        return "空にはできません"
    if error.validator == "minimum":
        return f"{error.validator_value} 以上にしてください（いまは {value!r}）"
    if error.validator == "maximum":
        return f"{error.validator_value} 以下にしてください（いまは {value!r}）"
    if error.validator == "oneOf":
        return f"値の形が正しくありません（いまは {value!r}）"
    return f"値が正しくありません（{value!r}）"
