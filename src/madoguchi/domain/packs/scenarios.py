"""Run a pack's scenario tests through the navigator and describe every difference in Japanese."""

from __future__ import annotations

from dataclasses import dataclass

from madoguchi.domain.navigator import STATUS_NAMES, Navigation, NavigationError, navigate
from madoguchi.domain.packs.model import Pack, Scenario


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """The outcome of one scenario: empty differences means it passed."""

    scenario: Scenario
    differences: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Return whether the navigator gave exactly what the scenario expects."""
        return not self.differences


def run_scenarios(pack: Pack) -> list[ScenarioResult]:
    """Run every scenario of the pack, in file order."""
    return [run_scenario(pack, scenario) for scenario in pack.scenarios]


def run_scenario(pack: Pack, scenario: Scenario) -> ScenarioResult:
    """Run one scenario and compare statuses, questions and deadlines with its expectations."""
    try:
        navigation = navigate(pack, scenario.event, scenario.facts, scenario.on)
    except NavigationError as err:
        return ScenarioResult(scenario, (str(err),))
    differences = [
        *_status_differences(scenario, navigation),
        *_question_differences(scenario, navigation),
        *_deadline_differences(scenario, navigation),
    ]
    return ScenarioResult(scenario, tuple(differences))


def _status_differences(scenario: Scenario, navigation: Navigation) -> list[str]:
    results = {result.id: result for result in navigation.procedures}
    differences = []
    for expected, ids in (
        ("required", scenario.required),
        ("not_needed", scenario.not_needed),
        ("to_confirm", scenario.to_confirm),
        ("done", scenario.done),
    ):
        for procedure in ids:
            actual = results[procedure]
            if actual.status != expected:
                because = "、".join(actual.reasons)
                differences.append(
                    f"{procedure}（{actual.name}）: 期待は「{STATUS_NAMES[expected]}」、"
                    f"結果は「{STATUS_NAMES[actual.status]}」（理由: {because}）"
                )
    return differences


def _question_differences(scenario: Scenario, navigation: Navigation) -> list[str]:
    if scenario.questions is None:
        return []
    asked = [fact for question in navigation.questions for fact in question.facts]
    missing = [fact for fact in scenario.questions if fact not in asked]
    if missing:
        return [f"質問に「{'」「'.join(missing)}」がありません（質問: {'、'.join(asked) or 'なし'}）"]
    order = [fact for fact in asked if fact in scenario.questions]
    if order != list(scenario.questions):
        return [f"質問の順序が違います（期待: {'、'.join(scenario.questions)}／結果: {'、'.join(order)}）"]
    return []


def _deadline_differences(scenario: Scenario, navigation: Navigation) -> list[str]:
    results = {result.id: result for result in navigation.procedures}
    differences = []
    for procedure, expected in scenario.deadlines.items():
        deadline = results[procedure].deadline
        actual = deadline.date if deadline else None
        if actual != expected:
            differences.append(f"{procedure}: 期限の期待は {expected}、結果は {actual or 'なし'}")
    return differences
