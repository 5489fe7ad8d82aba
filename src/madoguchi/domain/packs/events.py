"""Build events and their procedures from checked YAML, reporting reference and rule problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from madoguchi.domain.packs.model import (
    Checklist,
    DeadlineCase,
    DeadlineKind,
    DeadlineRule,
    Event,
    FactSpec,
    FormUse,
    Problem,
    Procedure,
    Subject,
)
from madoguchi.domain.packs.source import LocatedFile, Path_
from madoguchi.domain.rules import Expression, RuleError, compile_expression

_NEVER = compile_expression("false")


@dataclass
class EventBuilder:
    """Turn event files into Events and Procedures, collecting problems as it goes."""

    root: Path
    departments: Mapping[str, object] | None
    facts: Mapping[str, FactSpec]
    source_ids: frozenset[str] | None
    # The outside offices of offices.yaml a procedure's `place` may name (None: no offices.yaml).
    office_ids: frozenset[str] | None = None
    problems: list[Problem] = field(default_factory=list)
    procedures: dict[str, Procedure] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)

    def add(self, located: LocatedFile, stem: str) -> None:
        """Build one event file already valid against the schema."""
        data = located.data
        if data["id"] != stem:
            self._report(
                located, ("id",), f"イベント ID「{data['id']}」はファイル名「{stem}」と同じにしてください"
            )
        if data["id"] in self.events:
            self._report(located, ("id",), f"イベント ID「{data['id']}」が重複しています")
        ids = [
            self._procedure(located, data["id"], index, raw) for index, raw in enumerate(data["procedures"])
        ]
        self._check_questions(located, data.get("question_order", []))
        self._check_sources(located, ("sources",), data.get("sources", []))
        subjects = tuple(Subject(s["id"], s["label"]) for s in data["subjects"])
        order = tuple(data.get("question_order", []))
        date = data.get("date", {})
        if date:
            self._check_anchor(located, ("date", "fact"), date["fact"], "イベントの日付")
        for index, raw in enumerate(data["procedures"]):
            self._check_persons(located, ("procedures", index), raw, subjects)
        self.events[data["id"]] = Event(
            data["id"],
            data["name"],
            data.get("summary", ""),
            subjects,
            order,
            tuple(ids),
            date_fact=date.get("fact", ""),
            date_label=date.get("label", "異動日"),
            checklists=self._checklists(located, data.get("checklists", [])),
        )

    def _checklists(self, located: LocatedFile, raw: list[dict[str, Any]]) -> tuple[Checklist, ...]:
        found = []
        for index, item in enumerate(raw):
            for position, name in enumerate(item["facts"]):
                spec = self.facts.get(name)
                if spec is None or spec.type != "bool" or not spec.askable:
                    message = f"まとめて聞く事実「{name}」は質問文のある yes/no（bool）の事実ではありません"
                    self._report(located, ("checklists", index, "facts", position), message)
            found.append(Checklist(item["id"], item["question"], tuple(item["facts"])))
        return tuple(found)

    def _check_persons(
        self, located: LocatedFile, path: Path_, raw: dict[str, Any], subjects: tuple[Subject, ...]
    ) -> None:
        known = [s.id for s in subjects]
        for index, use in enumerate(form_uses(raw)):
            if use.person and use.person not in known and not use.person.startswith("answers."):
                message = (
                    f"様式「{use.form_id}」の person「{use.person}」はこのイベントの subjects"
                    f"（{'・'.join(known)}）にも聞き取り（answers.…）にもありません"
                )
                self._report(located, (*path, "forms", index, "person"), message)

    def _report(self, located: LocatedFile, path: Path_, message: str) -> None:
        self.problems.append(located.problem(path, message))

    def _procedure(self, located: LocatedFile, event: str, index: int, raw: dict[str, Any]) -> str:
        path: Path_ = ("procedures", index)
        if raw["id"] in self.procedures:
            self._report(located, (*path, "id"), f"手続 ID「{raw['id']}」が重複しています")
        if self.departments is not None and raw["department"] not in self.departments:
            message = f"部署「{raw['department']}」は pack.yaml の departments にありません"
            self._report(located, (*path, "department"), message)
        for form_index, form in enumerate(use.form_id for use in form_uses(raw)):
            if not (self.root / "forms" / f"{form}.yaml").is_file():
                message = f"様式「{form}」のレイアウト forms/{form}.yaml がありません"
                self._report(located, (*path, "forms", form_index), message)
        self._check_sources(located, (*path, "sources"), raw.get("sources", []))
        self._check_place(located, path, raw)
        procedure = self._build(located, event, path, raw)
        self.procedures.setdefault(procedure.id, procedure)
        return procedure.id

    def _check_place(self, located: LocatedFile, path: Path_, raw: dict[str, Any]) -> None:
        place = raw.get("place")
        if place is None:
            return
        if self.office_ids is None:
            message = f"place「{place}」を使うには、パックに offices.yaml（庁外の機関の一覧）が必要です"
            self._report(located, (*path, "place"), message)
        elif place not in self.office_ids:
            known = "・".join(sorted(self.office_ids)) or "なし"
            message = f"庁外の機関「{place}」は offices.yaml の offices にありません（あるもの: {known}）"
            self._report(located, (*path, "place"), message)
        elif not raw["outside_city_hall"]:
            message = "place は市役所の外の手続（outside_city_hall: true）にだけ書けます"
            self._report(located, (*path, "place"), message)

    def _build(self, located: LocatedFile, event: str, path: Path_, raw: dict[str, Any]) -> Procedure:
        online = raw.get("online", {})
        return Procedure(
            id=raw["id"],
            name=raw["name"],
            kind=raw["kind"],
            event=event,
            department=raw["department"],
            outside_city_hall=raw["outside_city_hall"],
            office=raw["office"],
            condition=self._condition(located, (*path, "condition"), raw["condition"]),
            condition_text=raw.get("condition_text", ""),
            done_when=(
                self._condition(located, (*path, "done_when"), raw["done_when"])
                if "done_when" in raw
                else None
            ),
            done_text=raw.get("done_text", ""),
            applicant=raw.get("applicant", ""),
            deadline=self._deadline(located, (*path, "deadline"), raw.get("deadline")),
            deadline_cases=self._deadline_cases(located, (*path, "deadline"), raw.get("deadline")),
            documents=tuple(raw["documents"]),
            online=online.get("possible", "no"),
            online_channel=online.get("channel", ""),
            forms=form_uses(raw),
            legal_basis=raw.get("legal_basis", ""),
            amount=raw.get("amount", ""),
            last_verified=self._date(located, (*path, "last_verified"), raw.get("last_verified")),
            confidence=raw.get("confidence", "high"),
            sources=tuple(raw.get("sources", [])),
            notes=raw.get("notes", ""),
            place=raw.get("place", ""),
            accepts_heir_info=raw.get("accepts_heir_info", False),
        )

    def _condition(self, located: LocatedFile, path: Path_, text: str) -> Expression:
        try:
            expression = compile_expression(text)
        except RuleError as err:
            self._report(located, path, _expression_message(text, err))
            return _NEVER
        types = {name: spec.type_spec for name, spec in self.facts.items()}
        for problem in expression.check_types(types):
            self._report(located, path, _expression_message(text, problem))
        return expression

    def _deadline(self, located: LocatedFile, path: Path_, raw: dict[str, Any] | None) -> DeadlineRule | None:
        if raw is None:
            return None
        return self._rule(located, path, raw)

    def _deadline_cases(
        self, located: LocatedFile, path: Path_, raw: dict[str, Any] | None
    ) -> tuple[DeadlineCase, ...]:
        if raw is None:
            return ()
        return tuple(
            DeadlineCase(
                when=self._condition(located, (*path, "cases", index, "when"), case["when"]),
                when_text=case.get("when_text", ""),
                rule=self._rule(located, (*path, "cases", index), case),
            )
            for index, case in enumerate(raw.get("cases", []))
        )

    def _rule(self, located: LocatedFile, path: Path_, raw: dict[str, Any]) -> DeadlineRule:
        anchors = raw.get("from", [])
        anchors = (anchors,) if isinstance(anchors, str) else tuple(anchors)
        for anchor in anchors:
            self._check_anchor(located, (*path, "from"), anchor)
        unit = next((name for name in ("days", "months", "years") if name in raw), None)
        if sum(name in raw for name in ("days", "months", "years")) > 1:
            self._report(located, path, "期限は days・months・years のどれか1つで書いてください")
        if anchors and unit is None:
            self._report(located, path, "起算日（from）があるのに期間（days・months・years）がありません")
        if unit is not None:
            self._check_counting(located, path, raw, anchors)
        return DeadlineRule(
            text=raw["text"],
            kind=DeadlineKind(raw["kind"]),
            anchors=anchors,
            unit=unit,
            count=int(raw[unit]) if unit else 0,
            first_day=raw.get("first_day", "excluded"),
            extension=raw.get("extension", "none"),
            basis=raw.get("basis", ""),
        )

    def _check_counting(
        self, located: LocatedFile, path: Path_, raw: dict[str, Any], anchors: tuple[str, ...]
    ) -> None:
        # A dated deadline states how the statute counts it; nothing is left to a default.
        if not anchors:
            self._report(located, path, "期間（days・months・years）があるのに起算日（from）がありません")
        if "first_day" not in raw:
            message = (
                "期限に初日の数え方（first_day）がありません。"
                "戸籍法の届出は included（戸籍法43条）、それ以外は excluded（民法140条）を書いてください"
            )
            self._report(located, path, message)
        if "extension" not in raw:
            message = (
                "期限に休日の延長（extension）がありません。届出を受け付ける機関に合わせて "
                "municipal（市区町村）・national（国の行政機関）・tax（税務署）・court（裁判所）・"
                "none（延長しない）のどれかを書いてください"
            )
            self._report(located, path, message)
        elif raw["kind"] == "claim" and raw["extension"] != "none":
            message = (
                "時効で消える請求（kind: claim）の期限は休日で延長しません。extension: none にしてください"
            )
            self._report(located, (*path, "extension"), message)

    def _check_anchor(
        self, located: LocatedFile, path: Path_, anchor: str, what: str = "期限の起算日"
    ) -> None:
        spec = self.facts.get(anchor)
        if spec is None:
            self._report(located, path, f"{what}「{anchor}」は facts.yaml で宣言されていません")
        elif spec.type != "date":
            self._report(located, path, f"{what}「{anchor}」は日付の事実ではありません（型: {spec.type}）")

    def _check_questions(self, located: LocatedFile, names: list[str]) -> None:
        for index, name in enumerate(names):
            spec = self.facts.get(name)
            if spec is None:
                self._report(located, ("question_order", index), f"事実「{name}」は宣言されていません")
            elif not spec.askable:
                message = f"事実「{name}」は質問文のない事実なので質問の順序に書けません"
                self._report(located, ("question_order", index), message)

    def _check_sources(self, located: LocatedFile, path: Path_, ids: list[str]) -> None:
        if self.source_ids is None:
            return
        for index, source in enumerate(ids):
            if source not in self.source_ids:
                self._report(located, (*path, index), f"出典「{source}」は sources.yaml にありません")

    def _date(self, located: LocatedFile, path: Path_, text: str | None) -> dt.date | None:
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self._report(located, path, f"{text} は存在しない日付です")
            return None


def form_uses(raw: dict[str, Any]) -> tuple[FormUse, ...]:
    """Return a procedure's `forms:` entries: a bare form id, or a mapping with person and settings."""
    return tuple(
        FormUse(entry)
        if isinstance(entry, str)
        else FormUse(entry["form"], entry.get("person", ""), tuple(entry.get("settings", {}).items()))
        for entry in raw.get("forms", [])
    )


def _expression_message(text: str, err: RuleError) -> str:
    where = f"の{err.offset + 1}文字目" if err.offset is not None else ""
    return f"条件式「{text}」{where}: {err.detail}"
