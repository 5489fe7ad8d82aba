"""Load test of the counter: 20 simulated staff against the production server (`madoguchi serve`).

Run: .venv/bin/python bench/load_counter.py [--seconds 30] [--staff 20] [--residents 5000] [--servers 2]
     .venv/bin/python bench/load_counter.py --capacity [--only sqlite|postgresql] [--servers 2]

For SQLite (in a temp directory) and then PostgreSQL (if reachable on 127.0.0.1:5432; a database
of its own is created and dropped), the script migrates, prepares residents, staff and open cases,
starts `madoguchi serve` on loopback (its default workers and threads unless --workers/--threads are
given), and lets each simulated member of staff loop for a bounded
time over: resident search, an interview answer, the procedure list (the visit page) and the
department worklist. It prints p50/p95/p99 per request kind and the error count: any answer other
than 2xx (the login's redirect excepted) and any refusal shown on the interview count as errors. The
baseline, measured in the same run, is the login page: a template render with no database work.
Targets (issue 7): p95 ≤ 150 ms, zero errors.

--servers 2 starts two `madoguchi serve` processes on the same database (each with the default
workers), as two application servers behind one proxy; member of staff n is sent to server n mod 2,
as a proxy that keeps each browser on one server would. Both run on this machine, so they share its
cores: the figure shows what a second server costs or gains on the database, not a second machine.
--capacity repeats the whole run on a fresh database with 10, 20, 30, ... staff (from --staff,
step --step) and reports the largest number whose p95 stays ≤ 150 ms with no error (issue 18).
PostgreSQL runs use BENCH_POSTGRES_URL if set (a database of that name is dropped and created).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

from _postgres import drop_database, recreate_database

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "bench-password-2026-load"
SURNAMES = [
    ("鈴木", "スズキ"),
    ("佐藤", "サトウ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("山田", "ヤマダ"),
    ("渡辺", "ワタナベ"),
    ("伊藤", "イトウ"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
]
GIVEN = [
    ("一郎", "イチロウ"),
    ("花子", "ハナコ"),
    ("健一", "ケンイチ"),
    ("直子", "ナオコ"),
    ("太郎", "タロウ"),
    ("美咲", "ミサキ"),
    ("陽向", "ヒナタ"),
    ("恵子", "ケイコ"),
]
QUERIES = [
    "すずき",
    "さとう はなこ",
    "たかはし",
    "田中",
    "やまだ たろう",
    "わたなべ",
    "いとう",
    "なかむら けい",
]


def prepare(staff_count: int, residents: int) -> None:
    """Create departments, staff (counter + department roles), residents and one open case each."""
    import django

    django.setup()
    import datetime as dt

    from madoguchi.accounts.models import Staff
    from madoguchi.accounts.roles import Role
    from madoguchi.accounts.services import staff_create
    from madoguchi.counter import services
    from madoguchi.domain.japanese import kana_key, name_key
    from madoguchi.ops.demo import demo_prepare
    from madoguchi.registry.models import Household, Resident

    demo_prepare()
    rng = random.Random(7)
    households = Household.objects.bulk_create(
        Household(household_no=f"B{i:06d}") for i in range(residents // 3 + 1)
    )
    people = []
    for i in range(residents):
        (surname, surname_kana), (given, given_kana) = rng.choice(SURNAMES), rng.choice(GIVEN)
        status = Resident.Status.DECEASED if i % 10 == 0 else Resident.Status.RESIDENT
        people.append(
            Resident(
                atena_no=f"{i:08d}",
                household=households[i // 3],
                household_order=i % 3 + 1,
                relation="世帯主" if i % 3 == 0 else "子",
                name=f"{surname}　{given}",
                kana=f"{surname_kana}　{given_kana}",
                name_key=name_key(f"{surname}　{given}"),
                given_name_key=name_key(given),
                kana_key=kana_key(f"{surname_kana}　{given_kana}"),
                given_kana_key=kana_key(given_kana),
                birth_date=dt.date(1930 + i % 80, 1 + i % 12, 1 + i % 28),
                sex="1",
                status=status,
                address="サンプル市東町1番地",
                late_elderly_insurance=i % 4 == 0,
                removed_on=dt.date(2026, 11, 18) if status == Resident.Status.DECEASED else None,
            )
        )
    Resident.objects.bulk_create(people, batch_size=1000)
    deceased = list(Resident.objects.filter(status=Resident.Status.DECEASED)[:staff_count])
    for n in range(staff_count):
        staff = staff_create(
            username=f"bench{n:02d}",
            password=PASSWORD,
            display_name=f"負荷{n}",
            roles=[Role.COUNTER, Role.DEPARTMENT],
            department_codes=["shimin", "hoken-nenkin"],
        )
        case = services.case_open(actor=staff, events=["death"], seat=f"負荷{n:02d}番", event_date=None)
        services.case_person_add(case=case, role="deceased", resident=deceased[n], actor=staff)
    _route_tasks(Staff.objects.get(username="bench00"))


def _route_tasks(staff: object) -> None:
    """Give the worklist something to show: ten confirmed cases with their tasks."""
    from madoguchi.counter import services
    from madoguchi.counter.models import Case
    from madoguchi.registry.models import Resident

    for resident in Resident.objects.filter(status=Resident.Status.DECEASED)[100:110]:
        case = services.case_open(actor=staff, events=["death"], seat="確認済み", event_date=None)  # type: ignore[arg-type]
        services.case_person_add(case=case, role="deceased", resident=resident, actor=staff)  # type: ignore[arg-type]
        services.case_finish_interview(case=case, actor=staff)  # type: ignore[arg-type]
        services.case_resident_confirm(case=Case.objects.get(pk=case.pk))


class Session:
    """One member of staff's browser: cookies, CSRF token, timings per request kind."""

    def __init__(self, port: int, timings: dict[str, list[float]], errors: list[str]) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.timings = timings
        self.errors = errors

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        form: dict[str, str | list[str]] | None = None,
        htmx: bool = False,
        redirect: bool = False,
        anonymous: bool = False,
    ) -> str:
        """Send one request and time it; an unexpected status is an error (``redirect``: 302 expected).

        ``anonymous`` sends no cookies (and keeps none): the login page as a signed-out browser sees it.
        """
        cookies = {} if anonymous else self.cookies
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        body = urllib.parse.urlencode(form or {}, doseq=True) if form is not None else None
        if body is not None:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
            }
        if htmx:
            headers["HX-Request"] = "true"
        start = time.perf_counter()
        try:
            response, text = self._send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as err:
            self.errors.append(f"{kind}: {err!r}")
            self.conn.close()
            return ""
        self.timings[kind].append((time.perf_counter() - start) * 1000)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and not anonymous:
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        expected = response.status == 302 if redirect else 200 <= response.status < 300
        if not expected:
            self.errors.append(f"{kind}: HTTP {response.status} {method} {path}")
        elif 'class="alert alert--error"' in text:
            self.errors.append(f"{kind}: refused {method} {path}")
        return response.getheader("Location") or text

    def _send(
        self, method: str, path: str, body: str | None, headers: dict[str, str]
    ) -> tuple[http.client.HTTPResponse, str]:
        """Send; if the server closed the idle keep-alive connection, reconnect and resend, as browsers do."""
        reused = self.conn.sock is not None
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            if not reused:
                raise
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        return response, response.read().decode()

    def login(self, username: str) -> None:
        self.request("baseline (login page)", "GET", "/accounts/login/")
        self.request(
            "login", "POST", "/accounts/login/", {"username": username, "password": PASSWORD}, redirect=True
        )

    def search(self, kind: str, case_pk: int, query: str) -> None:
        """Search the register for the deceased person of the case (POST, with the CSRF token)."""
        self.request(
            kind, "POST", f"/counter/visits/{case_pk}/search/", {"q": query, "role": "deceased"}, True
        )


class Plan:
    """When the measured window ends, and the start line every simulated member of staff waits at."""

    def __init__(self, staff: int, seconds: float, think: float, timings: dict[str, list[float]]) -> None:
        self.think = think
        self.seconds = seconds
        self.until = 0.0
        self.timings = timings
        self.logins: dict[str, list[float]] = {}
        self.ready = threading.Barrier(staff, action=self.start)

    def start(self) -> None:
        """Open the measured window once everyone has logged in (slow hashing stays out of it)."""
        self.logins = {kind: self.timings.pop(kind) for kind in list(self.timings)}
        self.until = time.perf_counter() + self.seconds


def staff_loop(
    port: int, n: int, case_pk: int, plan: Plan, timings: dict[str, list[float]], errors: list[str]
) -> None:
    """Log in, wait for everyone, then loop one member of staff's work until the deadline."""
    try:
        _work(port, n, case_pk, plan, timings, errors)
    except Exception as err:  # a crashed simulated member of staff is an error, not a silent gap
        errors.append(f"staff {n}: {err!r}")


def _work(
    port: int, n: int, case_pk: int, plan: Plan, timings: dict[str, list[float]], errors: list[str]
) -> None:
    rng = random.Random(n)
    session = Session(port, timings, errors)
    session.login(f"bench{n:02d}")
    # Warm-up (not measured): Django's first-request work (URL resolver, templates) in the workers.
    for _ in range(2):
        session.request("warm-up", "GET", f"/counter/visits/{case_pk}/")
        session.search("warm-up", case_pk, "x")
    plan.ready.wait()
    while time.perf_counter() < plan.until:
        # A member of staff reads the screen between clicks.
        time.sleep(rng.uniform(0.5, 1.5) * plan.think)
        kind = rng.choice(
            ("search", "answer", "answer", "procedure list", "worklist", "baseline (login page)")
        )
        if kind == "search":
            session.search(kind, case_pk, rng.choice(QUERIES))
        elif kind == "answer":
            case_pk = _answer(session, case_pk)
        elif kind == "procedure list":
            session.request(kind, "GET", f"/counter/visits/{case_pk}/")
        elif kind == "worklist":
            session.request(kind, "GET", "/counter/tasks/")
        else:
            session.request(kind, "GET", "/accounts/login/", anonymous=True)


def _answer(session: Session, case_pk: int) -> int:
    page = session.request("procedure list", "GET", f"/counter/visits/{case_pk}/")
    _, marker, rest = page.partition('data-testid="question-form"')
    match = re.search(r'name="fact" value="([^"]+)"', rest[:600]) if marker else None
    if match is None:
        # Every question answered: ask them again from the start, as a new visit would.
        for fact in set(re.findall(r'name="fact" value="([^"]+)"><button', page)):
            session.request(
                "answer", "POST", f"/counter/visits/{case_pk}/unanswer/", {"fact": fact}, htmx=True
            )
        return case_pk
    form = rest[: rest.find("</form>")]
    items = re.findall(r'name="item" value="([^"]+)"', form)
    # A checklist question sends its items; none ticked answers each 「いいえ」.
    answer: dict[str, str | list[str]] = (
        {"fact": match[1], "item": items}
        if items
        else {
            "fact": match[1],
            "value": "no" if 'value="no"' in form else "unknown",
        }
    )
    session.request("answer", "POST", f"/counter/visits/{case_pk}/answer/", answer, htmx=True)
    return case_pk


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("madoguchi serve が起動しませんでした")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("madoguchi serve が時間内に応答しませんでした")


TARGET_P95_MS = 150.0


def run_backend(label: str, env: dict[str, str], args: argparse.Namespace) -> tuple[float, int]:
    """Migrate, prepare, serve, load and report for one database backend; return (p95 ms, errors)."""
    madoguchi = str(BIN / "madoguchi")
    subprocess.run([madoguchi, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    prep = [
        sys.executable,
        __file__,
        "--prepare",
        "--staff",
        str(args.staff),
        "--residents",
        str(args.residents),
    ]
    subprocess.run(prep, env=env, check=True)
    case_ids = _case_ids(env, args.staff)
    ports = [_free_port() for _ in range(args.servers)]
    servers = [_serve(madoguchi, port, env, args) for port in ports]
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_for(port, server)
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        plan = Plan(args.staff, args.seconds, args.think, timings)
        threads = [
            threading.Thread(
                target=staff_loop, args=(ports[n % len(ports)], n, case_ids[n], plan, timings, errors)
            )
            for n in range(args.staff)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        timings["login"] = plan.logins.get("login", [])
        return _report(label, timings, errors, args)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def _serve(
    madoguchi: str, port: int, env: dict[str, str], args: argparse.Namespace
) -> subprocess.Popen[bytes]:
    serve = [madoguchi, "serve", "--port", str(port), "--no-collectstatic"]
    serve += ["--workers", str(args.workers)] if args.workers else []
    serve += ["--threads", str(args.threads)] if args.threads else []
    return subprocess.Popen(serve, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _case_ids(env: dict[str, str], count: int) -> list[int]:
    code = (
        "import django; django.setup(); from madoguchi.counter.models import Case; "
        "cases = Case.objects.filter(seat__startswith='負荷').order_by('seat'); "
        f"print(*cases.values_list('pk', flat=True)[:{count}])"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return [int(x) for x in out.stdout.split()]


def _server_settings(args: argparse.Namespace) -> str:
    from madoguchi.ops.management.commands.serve import DEFAULT_THREADS, DEFAULT_WORKERS

    workers, threads = args.workers or DEFAULT_WORKERS, args.threads or DEFAULT_THREADS
    servers = f"{args.servers} servers, each " if args.servers > 1 else ""
    return f"{servers}madoguchi serve, {workers} workers × {threads} thread{'s' if threads > 1 else ''}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _report(
    label: str, timings: dict[str, list[float]], errors: list[str], args: argparse.Namespace
) -> tuple[float, int]:
    total = sum(len(v) for v in timings.values())
    rate = total / args.seconds
    print(f"\n== {label}: {args.staff} staff, think {args.think:g} s, {args.seconds:.0f} s ==")
    print(f"server: {_server_settings(args)}")
    print(f"{total} requests ({rate:.0f}/s)")
    print(f"{'request kind':<24}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in ("baseline (login page)", "search", "answer", "procedure list", "worklist", "login"):
        values = timings.get(kind, [])
        if values:
            p50, p95, p99 = (_percentile(values, s) for s in (0.5, 0.95, 0.99))
            print(f"{kind:<24}{len(values):>7}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}")
    work = [v for k, vs in timings.items() if k not in ("baseline (login page)", "login") for v in vs]
    p95 = float("inf")
    if work:
        median, p95 = statistics.median(work), _percentile(work, 0.95)
        print(f"all counter work: median {median:.1f} ms, p95 {p95:.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms)")
    print(f"errors: {len(errors)}" + (f" — first: {errors[0]}" if errors else ""))
    return p95, len(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--residents", type=int, default=5000)
    parser.add_argument("--workers", type=int, help="server worker processes (default: as madoguchi serve)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: as madoguchi serve)")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a member of staff reads between clicks"
    )
    parser.add_argument("--servers", type=int, default=1, help="application servers on the same database")
    parser.add_argument("--capacity", action="store_true", help="find the largest --staff within the target")
    parser.add_argument("--step", type=int, default=10, help="staff added per --capacity round")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    if args.prepare:
        prepare(args.staff, args.residents)
        return
    for backend in ("sqlite", "postgresql"):
        if args.only in (None, backend):
            if args.capacity:
                _capacity(backend, args)
            else:
                _run_once(backend, args)


def _run_once(backend: str, args: argparse.Namespace) -> tuple[float, int] | None:
    """Run the load once on a fresh database of `backend`; None if PostgreSQL is not reachable."""
    with tempfile.TemporaryDirectory(prefix="madoguchi-load-") as tmp:
        base = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "madoguchi.config.settings",
            "MADOGUCHI_VAR_DIR": tmp,
            "MADOGUCHI_SECRET_KEY": "bench-secret-" + "x" * 40,
            "MADOGUCHI_LOGIN_MAX_FAILURES": "1000",
        }
        base.pop("DATABASE_URL", None)
        if backend == "sqlite":
            return run_backend("SQLite (WAL)", base, args)
        url = os.environ.get(
            "BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/madoguchi_load_{os.getpid()}"
        )
        if not recreate_database(url):
            return None
        try:
            env = {**base, "DATABASE_URL": url, "MADOGUCHI_DB_CONN_MAX_AGE": "60"}
            return run_backend("PostgreSQL", env, args)
        finally:
            drop_database(url)


def _capacity(backend: str, args: argparse.Namespace) -> None:
    """Step the number of staff up (or down) from --staff; print the largest that meets the target."""
    results: dict[int, tuple[float, int]] = {}
    staff = args.staff
    # Up while within the target, down while not: it stops where a neighbour was already measured.
    while 0 < staff < 100 and staff not in results:
        outcome = _run_once(backend, argparse.Namespace(**{**vars(args), "staff": staff}))
        if outcome is None:
            return
        results[staff] = outcome
        staff += args.step if _within(outcome) else -args.step
    passed = [n for n, outcome in results.items() if _within(outcome)]
    rounds = ", ".join(f"{n} staff p95 {p95:.0f} ms/{e} errors" for n, (p95, e) in sorted(results.items()))
    servers = f"{args.servers} server{'s' if args.servers > 1 else ''}"
    best = f"{max(passed)} staff" if passed else f"none tried (down to {min(results)})"
    print(f"\n[capacity] {backend}, {servers}: largest with p95 ≤ {TARGET_P95_MS:.0f} ms, no error: {best}")
    print(f"[capacity] rounds: {rounds}")


def _within(outcome: tuple[float, int]) -> bool:
    p95, errors = outcome
    return p95 <= TARGET_P95_MS and errors == 0


if __name__ == "__main__":
    main()
