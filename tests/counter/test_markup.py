"""The counter's lists escape everything that comes from a pack, the case, the register or staff."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from types import SimpleNamespace
from typing import Any

from django.template.loader import render_to_string
from django.test import RequestFactory

from madoguchi.counter.rows import procedure_list, worklist_lines
from madoguchi.counter.selectors import WorklistPerson, WorklistRow
from madoguchi.domain.navigator import Deadline, ProcedureResult
from madoguchi.domain.packs import DeadlineKind
from madoguchi.registry.models import Household, Resident

SOON = Deadline(dt.date(2026, 11, 24), DeadlineKind.LEGAL, "7日以内", 3, False, True)
ROW = ProcedureResult(
    id="p1", name="<b>死亡届</b>", kind="届出", department="shimin", department_name="市民課",
    status="required", reasons=("常に必要 & 7日以内",), unknown_facts=(), deadline=SOON,
    outside_city_hall=False, office="", documents=("届書",), forms=(),
)  # fmt: skip


def _procedures(*results: ProcedureResult) -> str:
    state = SimpleNamespace(grouped=lambda: [("<市民課>", list(results))])
    return render_to_string("counter/_procedures.html", {"procedures": procedure_list(state)})


def test_procedures_are_escaped_and_urgent_rows_are_marked():
    html = _procedures(ROW)
    assert "<h3>&lt;市民課&gt;</h3>" in html
    assert "<strong>&lt;b&gt;死亡届&lt;/b&gt;</strong>" in html and "<b>" not in html
    assert "常に必要 &amp; 7日以内" in html
    assert 'class="procedure procedure--required procedure--urgent" data-procedure="p1"' in html
    assert "令和8年11月24日（あと3日）" in html and '<span class="deadline-kind">法定期限</span>' in html
    assert '<span class="status status--required">必要</span>' in html


def test_overdue_irreversible_and_not_needed_rows():
    late = Deadline(dt.date(2026, 11, 1), DeadlineKind.IRREVERSIBLE, "3か月以内", -5, True, False)
    html = _procedures(dataclasses.replace(ROW, deadline=late))
    assert "5日超過" in html and "procedure--irreversible" in html and "procedure--urgent" in html
    skipped = _procedures(dataclasses.replace(ROW, status="not_needed", reasons=("<該当なし>",)))
    assert 'data-status="not_needed"' in skipped and '<div class="reasons">&lt;該当なし&gt;</div>' in skipped
    assert "期限" not in skipped and "持ち物" not in skipped


def test_not_needed_rows_fold_below_what_is_to_do():
    html = _procedures(ROW, dataclasses.replace(ROW, id="p2", status="not_needed"))
    folded = html[html.index('<details class="procedure-others"') :]
    assert "不要・届出済みの手続 1件" in folded and 'data-procedure="p2"' in folded
    assert 'data-procedure="p1"' not in folded and 'data-procedure="p1"' in html


def _answers(stage: str) -> str:
    request = RequestFactory().get("/")
    case = SimpleNamespace(
        pk=1, stage=stage, answers={"answers.funeral": True, "answers.<x>": "2026-11-18", "answers.y": None}
    )
    specs = {"answers.funeral": SimpleNamespace(label="<i>葬儀</i>")}
    context: dict[str, Any] = {"case": case, "fact_specs": specs}
    return render_to_string("counter/_answers.html", context, request=request)


def test_answers_are_escaped_and_offer_to_ask_again_only_in_the_interview():
    html = _answers("interview")
    assert "<li>&lt;i&gt;葬儀&lt;/i&gt;: <strong>はい</strong>" in html
    assert "answers.&lt;x&gt;: <strong>令和8年11月18日</strong>" in html
    assert "answers.y: <strong>不明</strong>" in html
    assert html.count('hx-post="/counter/visits/1/unanswer/"') == 3
    assert len(re.findall(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', html)) == 3
    # The load test finds the facts to ask again by this markup.
    assert 'name="fact" value="answers.&lt;x&gt;"><button' in html
    assert "聞き直す" not in _answers("confirmed")


def _results(*residents: Resident) -> str:
    result = SimpleNamespace(residents=list(residents), capped=False)
    context = {"case": SimpleNamespace(pk=1), "role": "deceased", "result": result}
    return render_to_string("counter/_search_results.html", context, request=RequestFactory().post("/"))


def test_search_results_are_escaped_name_the_removal_date_and_mark_restricted_people():
    household = Household(household_no="H&1")
    alive = Resident(
        pk=7, name="<b>鈴木</b>", kana="スズキ", birth_date=dt.date(1941, 2, 1), status=1,
        address="東町", household=household,
    )  # fmt: skip
    dead = Resident(
        pk=8, name="鈴木　一郎", kana="スズキ", birth_date=dt.date(1930, 1, 1), status=3,
        removed_on=dt.date(2026, 11, 18), address="東町", household=household, restricted=True,
    )  # fmt: skip
    html = _results(alive, dead)
    assert "<strong>&lt;b&gt;鈴木&lt;/b&gt;</strong>（スズキ）" in html and "<b>" not in html
    assert "昭和16年2月1日（1941年）生" in html and "昭和5年1月1日（1930年）生　96歳（消除時）" in html
    assert "世帯 H&amp;1" in html
    assert 'status-badge--3">死亡</span> 消除日 令和8年11月18日' in html
    assert html.count("消除日") == 1
    assert 'name="resident" value="8"' in html
    assert html.count('<span class="restricted-badge">支援措置</span>') == 1
    marked = '<li data-testid="result"><span class="restricted-badge">支援措置</span> <strong>鈴木　一郎'
    assert marked in html


def test_worklist_rows_are_escaped_and_show_who_works_on_a_task():
    confirmed = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
    row = WorklistRow(
        pk=5, case_id=3, case_number="2026-00003", seat="<1番>", confirmed_at=confirmed,
        procedure_id="death_nhi_loss", procedure_name="国保&資格喪失", deadline_date="2026-12-02",
        deadline_kind_name="法定期限", status="taken", assignee_username="hoken",
        assignee_display_name="",
    )  # fmt: skip
    unassigned = dataclasses.replace(
        row, pk=6, status="open", assignee_username=None, deadline_date=None, deadline_kind_name=None
    )
    later = confirmed + dt.timedelta(minutes=75)
    people = {3: WorklistPerson("山田<太郎>", "000123", "H01", restricted=False)}
    lines = worklist_lines(
        [row, unassigned], people, today=dt.date(2026, 11, 30), urgent_days=3, sees_restricted=False,
        placeholder="（閲覧権限なし）",
    )  # fmt: skip
    html = render_to_string("counter/_worklist_rows.html", {"lines": lines, "now": later})
    assert "<td>&lt;1番&gt;</td><td>1時間15分</td>" in html
    assert "<td>山田&lt;太郎&gt;</td><td>000123<br><small>世帯 H01</small></td>" in html
    assert '<a href="/counter/tasks/5/">国保&amp;資格喪失</a>' in html
    assert (
        '<td><span class="deadline--urgent">【期限間近】令和8年12月2日（あと2日）</span> 法定期限</td>'
        "<td>対応中（hoken）</td>"
    ) in html
    assert '<tr data-task="death_nhi_loss" class="row--urgent">' in html
    assert "<td></td><td>未着手</td>" in html


def test_worklist_hides_a_restricted_person_from_unentitled_staff_and_sorts_by_deadline():
    confirmed = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
    base = WorklistRow(
        pk=1, case_id=1, case_number="2026-00001", seat="1番", confirmed_at=confirmed,
        procedure_id="a", procedure_name="A", deadline_date=None, deadline_kind_name=None, status="open",
        assignee_username=None, assignee_display_name=None,
    )  # fmt: skip
    overdue = dataclasses.replace(base, pk=2, case_id=2, deadline_date="2026-11-20")
    waited_longer = dataclasses.replace(base, pk=3, confirmed_at=confirmed - dt.timedelta(hours=1))
    people = {2: WorklistPerson("秘匿 花子", "000999", "H09", restricted=True)}
    args = {"today": dt.date(2026, 11, 30), "urgent_days": 3, "placeholder": "（閲覧権限なし）"}
    hidden = worklist_lines([base, overdue, waited_longer], people, sees_restricted=False, **args)
    assert [line.task.pk for line in hidden] == [2, 3, 1]
    assert (hidden[0].person_name, hidden[0].atena_no, hidden[0].overdue) == ("（閲覧権限なし）", "", True)
    assert hidden[0].deadline_when == "令和8年11月20日（10日超過）"
    shown = worklist_lines([overdue], people, sees_restricted=True, **args)
    assert (shown[0].person_name, shown[0].atena_no) == ("秘匿 花子", "000999")
