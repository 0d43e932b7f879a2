"""``odoo-agent bench`` (``python -m evals.bench``): Odoo round trips and wall time of ten workflows, live.

Each workflow is a conversation run the way OpenClaw runs the agent: one ``odoo-agent ask --json``
process, then one ``odoo-agent resume --json`` process per approval (with the reply's token) or
answer, every call of every turn counted (``usage.odoo_calls``). Each runs twice: straight to Odoo
(``wall_s``), then through ``evals.latency_proxy`` at 100 ms per call (``wall_s_at_100ms``), whose
log splits the calls into setup (version, handshake, metadata) and work, and counts the bytes.
``naive_calls`` is the same job done in the same run the seed connector's way (``evals.bench_naive``).

It writes (a fixture per run, named with a fresh word, and the workflows' own records), so it runs
only with ``--allow-writes``, against a test database. ``--record`` also keeps each direct turn's
cassette under ``evals/cassettes/bench/`` and the counts in ``evals/reports/bench-recorded.json``;
``replay_counts`` plays them back (no Odoo) for the test suite.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from agent.api import Settings, load_settings
from evals.bench_naive import NAIVE, Fixture
from evals.dataset import case_word
from evals.latency_proxy import LatencyProxy, ProxiedCall
from odoo_tools import OdooClient, OdooError, get_tool, product_kind_vals

__all__ = ["WORKFLOWS", "Workflow", "app", "classify", "main", "replay_counts", "run_workflow"]

ROOT = Path(__file__).parent
CASSETTES = ROOT / "cassettes" / "bench"
REPORTS = ROOT / "reports"
RECORDED = REPORTS / "bench-recorded.json"
MAX_TURNS = 6
DELAY = 0.1
BATCH = 500  # records per create in the scale fixtures

# Version, handshake and metadata: what a process asks before (or besides) the job itself.
SETUP = {
    ("web", "/web/version"), ("common", "version"), ("common", "authenticate"), ("common", "login"),
    ("res.users", "context_get"), ("res.users", "read"), ("res.company", "read"),
}  # fmt: skip
SETUP_METHODS = {"fields_get", "check_access_rights", "has_access", "check_access", "get_views"}
SETUP_MODELS = {"ir.module.module", "ir.model", "ir.model.fields", "ir.model.access"}


def classify(model: str, method: str) -> str:
    """``setup`` or ``work`` for one call."""
    if (model, method) in SETUP or method in SETUP_METHODS or model in SETUP_MODELS:
        return "setup"
    return "work"


@dataclass(frozen=True)
class Workflow:
    """One job as a person types it; ``{W}`` is the run's word (the fixture's names carry it)."""

    id: str
    title: str
    says: str
    min_calls: int
    target: int  # the most calls (all turns, warm metadata cache) issue 23 allows
    answers: tuple[str, ...] = ()
    why: str = ""  # why the agent makes more calls than the target, where it does, kept in the report


_NEW_NAME = (
    "a new name is looked up once in full (a similar contact is a question, never a duplicate) and again "
    "under the lock, just before it is created (another run may have made it meanwhile)"
)
_KEY_AS_XMLID = (
    "a task has no field that can carry the idempotency key unseen (its description shows in the customer "
    "portal): the key is an external id, one more call"
)
_CHAIN = (
    "confirm, the invoicing wizard (create, then create_invoices) and post are separate business methods in "
    "Odoo; the approval first re-reads the order and its lines' stock, the confirmation reads the order's "
    "deliveries, and the new invoice is read once, after it is posted (the wizard's answer names it)"
)
_PROJECT = (
    "the project and the task each carry their idempotency key as an external id (no unseen field), and a new "
    "project reads the shared stages it is given"
)

WORKFLOWS = [
    Workflow("W1", "quote an existing customer, 3 products, stock check",
             "quote {W} Trading for 2 {W} Gadget, 3 {W} Widget and 4 {W} Bolt", 4, 5),
    Workflow("W2", "the same for a new customer",
             "quote {N} Newco for 2 {W} Gadget, 3 {W} Widget and 4 {W} Bolt", 5, 7,
             why=_NEW_NAME),
    Workflow("W3", "quote, confirm, invoice, post",
             "quote {W} Trading for 10 {W} Gadget at $50, confirm it, invoice it and post the invoice", 8, 10,
             why=_CHAIN),
    Workflow("W4", "stock of one product", "What's the stock level for {W} Gadget?", 1, 2),
    Workflow("W5", "low-stock report", "Which products need reordering?", 2, 2),
    Workflow("W6", "pipeline by stage", "Show me the sales pipeline with all open opportunities", 1, 2),
    Workflow("W7", "lead for a new company",
             "Create a lead for {N} Robotics, email info@{n}.example.com, potential $50k deal", 3, 4),
    Workflow("W8a", "RFQ, known vendor", "Create a PO for 500 {W} Widget from {W} Supplies", 3, 5),
    Workflow("W8b", "RFQ, new vendor", "Create a PO for 500 {W} Widget from {N} Metals", 4, 6,
             why=_NEW_NAME),
    Workflow("W9a", "task in an existing project", "Create a task 'Fix {N} login button' in {W} Website project", 2, 3,
             why=_KEY_AS_XMLID),
    Workflow("W9b", "task in a new project (one message)",
             "create a task '{N} wireframes' in a new project called {N} Mobile App", 3, 5,
             why=_PROJECT),
    Workflow("W10", "calendar event", "Create meeting: {N} Standup, tomorrow at 10am, 1 hour", 1, 2),
]  # fmt: skip


# -- running one conversation as OpenClaw does: a process per turn ----------------------------------


@dataclass
class Turns:
    """What one run of a workflow did."""

    calls: int = 0
    wall_s: float = 0.0
    statuses: list[str] = field(default_factory=list)
    message: str = ""
    says: str = ""
    error: str | None = None


def _agent_env(url: str | None, home: Path, cassette: Path | None, mode: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ODOO_AGENT_"))}
    env.update(ODOO_AGENT_HOME=str(home), XDG_CACHE_HOME=str(home / "cache"), ODOO_AGENT_PARSER="offline",
               ODOO_COMPANY="1", ODOO_AGENT_USER="bench")  # fmt: skip
    if url:
        env["ODOO_URL"] = url
    if cassette is not None:
        env.update(ODOO_AGENT_CASSETTE=str(cassette), ODOO_AGENT_RECORD_MODE=mode)
    return env


def _turn(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "agent", *args, "--json"], env=env, capture_output=True, text=True,
                          check=False, stdin=subprocess.DEVNULL)  # fmt: skip
    try:
        reply: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        reply = {"status": "error", "message": (done.stderr or done.stdout).strip()[-500:], "usage": {}}
    return reply


@contextmanager
def _home(home: Path | None) -> Iterator[Path]:
    if home is not None:
        yield home
        return
    with tempfile.TemporaryDirectory(prefix="odoo-agent-bench-") as tmp:
        yield Path(tmp)


def run_workflow(text: str, answers: tuple[str, ...], *, url: str | None, cassettes: Path | None = None,
                 mode: str = "all", home: Path | None = None) -> Turns:  # fmt: skip
    """Ask, then approve (with the reply's token) or answer until the conversation ends; one process per turn.

    ``cassettes``: a folder of per-turn cassettes (``turn1.yaml``...), recorded (``mode="all"``) or replayed
    (``"none"``); ``home`` (threads, audit, metadata cache) is shared by its turns: fresh when not given.
    """
    out, pending = Turns(says=text), list(answers)
    with _home(home) as home:
        reply: dict[str, Any] = {}
        start = time.perf_counter()
        for n in range(1, MAX_TURNS + 1):
            env = _agent_env(url, home, cassettes / f"turn{n}.yaml" if cassettes else None, mode)
            if n == 1:
                args = ["ask", text]
            elif reply.get("status") == "needs_approval" and reply.get("approval"):
                args = ["resume", "--thread", reply["thread_id"], "--approve", "--token", reply["approval"]["token"]]
            elif reply.get("status") == "needs_input" and pending:
                args = ["resume", "--thread", reply["thread_id"], "--answer", pending.pop(0)]
            else:
                break
            reply = _turn(args, env)
            out.calls += int((reply.get("usage") or {}).get("odoo_calls") or 0)
            out.statuses.append(str(reply.get("status")))
        out.wall_s = round(time.perf_counter() - start, 3)
    out.message = str(reply.get("message", ""))[:300]
    if reply.get("status") != "done":
        out.error = f"ended {reply.get('status')}: {out.message}"
    return out


# -- fixture -----------------------------------------------------------------------------------------


def _client(settings: Settings, url: str | None = None) -> OdooClient:
    cfg = settings.connection()
    update: dict[str, Any] = {"company": cfg.company or "1", "timeout": max(cfg.timeout, 300.0)}  # bulk fixtures
    if url:
        update["url"] = url
    return OdooClient(cfg.model_copy(update=update))


def build_fixture(client: OdooClient, word: str) -> Fixture:
    """The records the workflows name: a customer, a vendor, three stocked products (one under its
    reorder rule) and a project. Made through our client; none of it is counted."""
    fx = Fixture(word=word)
    fx.ids["customer"] = client.create("res.partner", {"name": f"{word} Trading", "is_company": True})
    fx.ids["vendor"] = client.create("res.partner", {"name": f"{word} Supplies", "is_company": True,
                                                     "supplier_rank": 1})  # fmt: skip
    kind = product_kind_vals(client.fields_get("product.product"), "storable")
    for key, name, price, on_hand in (("gadget", "Gadget", 30, 50), ("widget", "Widget", 20, 40),
                                      ("bolt", "Bolt", 5, 200)):  # fmt: skip
        fx.ids[key] = client.create("product.product", {**kind, "name": f"{word} {name}", "list_price": price,
                                                        "purchase_ok": True, "sale_ok": True})  # fmt: skip
        get_tool("inventory_adjust").run(client, {"product": fx.ids[key], "quantity": on_hand})
    client.create("stock.warehouse.orderpoint", {"product_id": fx.ids["gadget"], "product_min_qty": 100,
                                                 "product_max_qty": 200})  # fmt: skip
    fx.ids["project"] = client.create("project.project", {"name": f"{word} Website"})
    return fx


def build_scale(client: OdooClient, workflow: str, size: int, word: str) -> list[int]:
    """``size`` storable products under their reorder rule (W5) or open opportunities (W6), one ``create``
    of a vals_list per batch of 500."""
    ids: list[int] = []
    if workflow == "W5":
        kind = product_kind_vals(client.fields_get("product.product"), "storable")
        for lo in range(0, size, BATCH):
            vals = [{**kind, "name": f"{word} Part {i}", "list_price": 1} for i in range(lo, min(size, lo + BATCH))]
            batch = client.create_many("product.product", vals)
            client.create_many("stock.warehouse.orderpoint", [{"product_id": p, "product_min_qty": 10,
                                                               "product_max_qty": 20} for p in batch])  # fmt: skip
            ids += batch
    else:
        for lo in range(0, size, BATCH):
            vals = [{"name": f"{word} Deal {i}", "type": "opportunity", "expected_revenue": 1000 + i % 50,
                     "probability": 10 + i % 80} for i in range(lo, min(size, lo + BATCH))]  # fmt: skip
            ids += client.create_many("crm.lead", vals)
    return ids


def drop_scale(client: OdooClient, workflow: str, ids: list[int]) -> None:
    """Take a scale fixture out of later reports: its rules removed and products archived, or leads archived."""
    for lo in range(0, len(ids), BATCH):
        batch = ids[lo : lo + BATCH]
        if workflow == "W5":
            rules = client.search("stock.warehouse.orderpoint", [["product_id", "in", batch]])
            client.unlink("stock.warehouse.orderpoint", rules)
            client.write("product.product", batch, {"active": False})
        else:
            client.write("crm.lead", batch, {"active": False})


# -- measuring ---------------------------------------------------------------------------------------


def _fill(text: str, word: str, new: str) -> str:
    """``{W}``: the fixture's word (records that exist); ``{N}``: this run's word for the records it makes."""
    return text.replace("{W}", word).replace("{N}", new).replace("{n}", new.lower())


def _split(calls: list[ProxiedCall]) -> tuple[int, int, int]:
    setup = sum(1 for c in calls if classify(c.model, c.method) == "setup")
    return setup, len(calls) - setup, sum(c.sent + c.received for c in calls)


def _attempt(wf: Workflow, fx: Fixture, salt: str, tag: str, proxy: LatencyProxy | None = None, **how: Any
             ) -> tuple[str, Turns, Turns]:  # fmt: skip
    """Run the workflow twice in one home: a warm-up with its own words (the cold figures: an empty metadata
    cache), then the counted run (a warm cache, as for anyone's second command). A new name that happens to
    look like an earlier run's record ("which contact do you mean?", nothing made yet) is tried again with
    another word. ``cassettes``: the counted run's folder; the warm-up's is its ``warm`` subfolder."""
    cassettes: Path | None = how.pop("cassettes", None)
    for retry in range(3):
        if cassettes is not None:
            shutil.rmtree(cassettes, ignore_errors=True)
        with _home(None) as home:
            warm = run_workflow(
                _fill(wf.says, fx.word, case_word(f"{wf.id}-{tag}-warm", salt + "+" * retry)),
                wf.answers,
                home=home,
                cassettes=cassettes / "warm" if cassettes else None,
                **how,
            )
            text = _fill(wf.says, fx.word, case_word(f"{wf.id}-{tag}", salt + "+" * retry))
            if proxy is not None:
                proxy.take()  # the proxy's log: the counted run's calls only
            turns = run_workflow(text, wf.answers, home=home, cassettes=cassettes, **how)
        if "{N}" not in wf.says or (turns.statuses[-1:] != ["needs_input"] and warm.statuses[-1:] != ["needs_input"]):
            break
    return text, turns, warm


def measure(wf: Workflow, fx: Fixture, salt: str, settings: Settings, proxy: LatencyProxy,
            record: Path | None = None) -> dict[str, Any]:  # fmt: skip
    """One row: the direct run (recorded when ``record``), the proxied run and the naive script, each making
    its new records under its own word and naming the fixture's records alike."""
    recorded = warmed = None
    if record is not None:  # recording slows every turn down: its own pass, not the timed one
        said, recorded, warmed = _attempt(wf, fx, salt, "recorded", url=None, cassettes=record, mode="all")
    text, direct, cold = _attempt(wf, fx, salt, "direct", url=None)
    _, slow, _ = _attempt(wf, fx, salt, "proxied", proxy, url=proxy.url)
    setup, work, size = _split(proxy.take())
    row: dict[str, Any] = {
        "id": wf.id, "calls": direct.calls, "setup_calls": setup, "work_calls": work, "min_calls": wf.min_calls,
        "target": wf.target, "why": wf.why if direct.calls > wf.target else "",
        "cold_calls": cold.calls, "naive_calls": None, "bytes": size, "wall_s": direct.wall_s,
        "wall_s_at_100ms": slow.wall_s,
        "turns": len(direct.statuses), "status": direct.statuses[-1] if direct.statuses else "error", "says": text,
    }  # fmt: skip
    if slow.calls != direct.calls:
        row["note"] = f"the proxied run made {slow.calls} calls"
    if recorded is not None and warmed is not None:
        row["recorded"] = {"says": said, "warm_says": warmed.says, "calls": recorded.calls,
                           "cold_calls": warmed.calls, "turns": len(recorded.statuses),
                           "status": recorded.statuses[-1] if recorded.statuses else "error"}  # fmt: skip
    if direct.error:
        row["error"] = direct.error
    naive = NAIVE.get(wf.id)
    if naive is not None:
        with _client(settings) as client:
            try:
                naive(client, fx, case_word(f"{wf.id}-naive", salt))
            except (OdooError, LookupError) as exc:  # the row says so; the other rows go on
                row["naive_error"] = f"{type(exc).__name__}: {exc}"
            row["naive_calls"] = client.stats.count
    return row


def _median_wall(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False, stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def _to_first_request(runs: int) -> float:
    """Median wall from starting ``odoo-agent ask`` to its first Odoo request reaching a loopback socket (in an
    empty home: the handshake's ``/web/version``); the process is stopped there."""
    times = []
    for _ in range(runs):
        with socket.socket() as server, tempfile.TemporaryDirectory() as home:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            server.settimeout(30)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "OPENAI_"))}
            env.update(ODOO_URL=f"http://127.0.0.1:{server.getsockname()[1]}", ODOO_DB="bench", ODOO_USERNAME="bench",
                       ODOO_API_KEY="bench", ODOO_AGENT_HOME=home)  # fmt: skip
            start = time.perf_counter()
            argv = [sys.executable, "-m", "agent", "ask", "how many Widget are in stock?"]
            quiet = subprocess.DEVNULL
            proc = subprocess.Popen(argv, env=env, stdin=quiet, stdout=quiet, stderr=quiet)
            try:
                server.accept()[0].close()
                times.append(time.perf_counter() - start)
            finally:
                proc.kill()
                proc.wait()
    return round(statistics.median(times), 3)


def startup(runs: int = 5) -> dict[str, Any]:
    """Median walls of ``odoo-agent --help`` and of ``ask`` to its first Odoo request, against ``python -c pass``
    measured in the same run."""
    helps = _median_wall([sys.executable, "-m", "agent", "--help"], runs)
    first = _to_first_request(runs)
    bare = _median_wall([sys.executable, "-c", "pass"], runs)
    return {"help_s": helps, "first_request_s": first, "python_s": bare, "runs": runs,
            "ratio": round(helps / bare, 1) if bare else None,
            "first_request_ratio": round(first / bare, 1) if bare else None}  # fmt: skip


def machine() -> dict[str, str]:
    """What the numbers came from."""
    distro = "unknown"
    with suppress(OSError):
        distro = platform.freedesktop_os_release().get("PRETTY_NAME", distro)
    return {
        "cores": str(os.cpu_count()),
        "os": distro,
        "python": platform.python_version(),
        "load": f"{os.getloadavg()[0]:.1f}",
        "slug": f"{os.cpu_count()}core-{distro.split()[0].lower()}-py{sys.version_info[0]}{sys.version_info[1]}",
    }


def markdown(result: dict[str, Any]) -> str:
    """The report's tables."""
    m = result["machine"]
    cols = ["id", "calls", "target", "cold_calls", "setup_calls", "work_calls", "min_calls", "naive_calls", "bytes",
            "wall_s", "wall_s_at_100ms"]  # fmt: skip
    lines = [
        f"# odoo-agent bench — {result['date']}",  # i18n-exempt: bench report for developers
        "",
        # i18n-exempt: bench report for developers
        f"Machine: {m['cores']} cores, {m['os']}, Python {m['python']}, Odoo {result['odoo']} on "
        f"{result['odoo_host']}, load average {m.get('load', '?')} at the start. Offline parser; a new process "
        "per turn; calls of all turns with a warm metadata cache (`cold_calls`: the same job in an empty home). "
        "Counts are deterministic; times vary with the machine's other work.",
        "",
        "| " + " | ".join(cols) + " | workflow |",
        "|" + "---|" * (len(cols) + 1),
    ]
    titles = {w.id: w.title for w in WORKFLOWS}
    for row in result["workflows"]:
        extra = f" ({row['error']})" if row.get("error") else ""
        lines.append("| " + " | ".join(str(row.get(c, "")) for c in cols) + f" | {titles.get(row['id'], '')}{extra} |")
    over = [r for r in result["workflows"] if r.get("why")]
    if over:
        lines += ["", "Above the target, and why:", ""] + [f"- {r['id']}: {r['why']}." for r in over]
    if result["scale"]:
        lines += ["", "| id | records | " + " | ".join(cols[1:]) + " |", "|" + "---|" * (len(cols) + 1)]
        for row in result["scale"]:
            lines.append(f"| {row['id']} | {row['records']} | " + " | ".join(str(row.get(c, "")) for c in cols[1:])
                         + " |")  # fmt: skip
    s = result["startup"]
    lines += ["", f"Startup: `odoo-agent --help` {s['help_s']} s (×{s['ratio']}), `ask` to its first Odoo request "
              f"{s.get('first_request_s', '?')} s (×{s.get('first_request_ratio', '?')}), against `python -c pass` "
              f"{s['python_s']} s; medians of {s['runs']}.", ""]  # fmt: skip  # i18n-exempt: bench report
    return "\n".join(lines)


@contextmanager
def _proxy(url: str) -> Iterator[LatencyProxy]:
    with LatencyProxy(url, DELAY) as proxy:
        yield proxy


def run_bench(settings: Settings, ids: list[str], scale: list[int], record: bool, say: Callable[[str], None]
              ) -> dict[str, Any]:  # fmt: skip
    """Every workflow (then the scale rows) against ``settings``' Odoo."""
    salt = f"{time.time_ns():x}"
    word = case_word("bench", salt)
    result: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "machine": machine(), "word": word,
                              "workflows": [], "scale": []}  # fmt: skip
    with _client(settings) as client:
        client.connect()
        result["odoo"], result["odoo_host"] = client.server_version, _host(client.config.url)
        fx = build_fixture(client, word)
    if record:
        shutil.rmtree(CASSETTES, ignore_errors=True)
    with _proxy(str(settings.url)) as proxy:
        for wf in WORKFLOWS:
            if ids and wf.id not in ids:
                continue
            row = measure(wf, fx, salt, settings, proxy, CASSETTES / wf.id if record else None)
            say(json.dumps(row))
            result["workflows"].append(row)
        for size in scale:
            for wid in ("W5", "W6"):
                wf = next(w for w in WORKFLOWS if w.id == wid)
                with _client(settings) as client:
                    made = build_scale(client, wid, size, case_word(f"bench-{wid}-{size}", salt))
                try:
                    row = measure(wf, Fixture(word=word, ids=fx.ids, scale=made), f"{salt}-{size}", settings, proxy)
                finally:
                    with _client(settings) as client:
                        drop_scale(client, wid, made)
                row = {"id": wid, "records": size, **{k: v for k, v in row.items() if k != "id"}}
                say(json.dumps(row))
                result["scale"].append(row)
    result["startup"] = startup()
    if record:
        RECORDED.parent.mkdir(parents=True, exist_ok=True)
        recorded = {r["id"]: r["recorded"] for r in result["workflows"]}
        RECORDED.write_text(json.dumps({"word": word, "workflows": recorded}, indent=2) + "\n")
    return result


def _host(url: str) -> str:
    host = url.split("//")[-1].split("/")[0].split(":")[0]
    return "loopback" if host in ("127.0.0.1", "localhost", "::1") else "the network"


def replay_counts(ids: list[str] | None = None) -> dict[str, int]:
    """Replay the recorded bench conversations (no Odoo): workflow id → calls of all its turns."""
    recorded = json.loads(RECORDED.read_text())
    out = {}
    for wid, rec in recorded["workflows"].items():
        if ids and wid not in ids:
            continue
        answers = next(w.answers for w in WORKFLOWS if w.id == wid)
        with _home(None) as home:  # the warm-up's turns fill the metadata cache the counted turns use
            run_workflow(rec["warm_says"], answers, url=None, cassettes=CASSETTES / wid / "warm", mode="none",
                         home=home)  # fmt: skip
            turns = run_workflow(rec["says"], answers, url=None, cassettes=CASSETTES / wid, mode="none", home=home)
        out[wid] = turns.calls
    return out


app = typer.Typer(add_completion=False)


@app.command()
def bench(
    allow_writes: Annotated[bool, typer.Option("--allow-writes", help="Required: the bench creates records")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON")] = False,
    scale: Annotated[str, typer.Option(help="Record counts of the W5/W6 scale rows ('' for none)")
                     ] = "100,1000,10000",
    only: Annotated[list[str] | None, typer.Option("--id", help="Only these workflows (repeatable)")] = None,
    record: Annotated[bool, typer.Option(help="Keep the direct turns' cassettes for the replayed test")] = False,
    out: Annotated[Path | None, typer.Option(help="The markdown report (default evals/reports/bench-<machine>.md)")
                   ] = None,
) -> None:  # fmt: skip
    """Count Odoo calls and time workflows W1-W10 against a live Odoo (it writes: test database only).

    Example:
        odoo-agent bench --allow-writes --json
        odoo-agent bench --allow-writes --scale 100,1000 --id W1 --id W5
    """
    err = typer.echo
    if not allow_writes:
        refusal = "error: the bench creates records in Odoo; run it on a test database with --allow-writes."
        err(refusal, err=True)  # i18n-exempt: bench report for developers
        raise typer.Exit(2)
    settings = load_settings()
    if not settings.url:
        err("error: ODOO_URL is not set.", err=True)  # i18n-exempt: bench report for developers
        raise typer.Exit(2)
    sizes = [int(s) for s in scale.split(",") if s.strip()]
    result = run_bench(settings, only or [], sizes, record, lambda s: err(s, err=True))
    path = out or REPORTS / f"bench-{result['machine']['slug']}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(result))
    if as_json:
        typer.echo(
            json.dumps(
                {k: result[k] for k in ("workflows", "startup", "scale", "machine", "odoo", "odoo_host", "date")},
                indent=2,
            )
        )
    else:
        typer.echo(markdown(result))
    err(f"report: {path}", err=True)  # i18n-exempt: bench report for developers


def main() -> None:
    """Entry point (``odoo-agent bench`` sets the program name)."""
    app(prog_name=os.environ.get("ODOO_AGENT_EVAL_PROG", "python -m evals.bench"))


if __name__ == "__main__":
    main()
