"""Read YAML while remembering the line of every key and item, for file:line problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from madoguchi.domain.packs.model import Problem

Path_ = tuple[str | int, ...]


# libyaml's parser is about ten times faster than the pure-Python one and keeps the same marks.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]  # PyYAML's loader base is untyped
    """SafeLoader that keeps dates as text and reads only true/false as booleans (YAML 1.2)."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass
class LocatedFile:
    """A YAML file's data, the line of each path inside it, and problems found while reading."""

    name: str
    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: Path_) -> int | None:
        """Return the line of the path, or of its nearest located parent."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return None

    def problem(self, path: Path_, message: str) -> Problem:
        """Return a problem located at the path."""
        return Problem(self.name, self.line(path), message)


def read_yaml(path: Path, name: str) -> LocatedFile:
    """Read one YAML file; syntax errors become problems instead of exceptions."""
    located = LocatedFile(name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        located.problems.append(Problem(name, None, f"ファイルを UTF-8 で読めません（{type(err).__name__}）"))
        return located
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _walk(node, (), located)
            located.data = loader.construct_document(node)
    except yaml.YAMLError as err:
        located.problems.append(_yaml_problem(name, err))
    finally:
        loader.dispose()
    return located


def _yaml_problem(name: str, err: yaml.YAMLError) -> Problem:
    mark = getattr(err, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    reason = getattr(err, "problem", None) or "書式が正しくありません"
    return Problem(name, line, f"YAML の書式エラー（{reason}）")


def _walk(node: yaml.Node, path: Path_, located: LocatedFile) -> None:
    located.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        _walk_mapping(node, path, located)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), located)


def _walk_mapping(node: yaml.MappingNode, path: Path_, located: LocatedFile) -> None:
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key in seen:
            located.problems.append(Problem(located.name, line, f"項目「{key}」が重複しています"))
        seen.add(key)
        located.lines[(*path, key)] = line
        _walk(value_node, (*path, key), located)
