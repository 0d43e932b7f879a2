"""The deployment's guardrails as the policy rates them: amounts per financial step kind, working hours in
any time zone, the anomaly pause, a turn's record cap — and the policy file's checks of their keys.

Pure decisions from numbers; ``tests/test_guardrails_live.py`` measures the same figures on a real Odoo.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from odoo_tools.guardrails import Activity, Burst
from odoo_tools.policy import Policy, PolicyError, StepRequest
from odoo_tools.tools import get_tool

FINANCIAL = ["order_confirm", "purchase_confirm", "invoice_from_order", "invoice_create", "invoice_post",
             "payment_register", "expense_create"]  # fmt: skip
# Posting and paying are in the default always_approve: a file that sets their threshold drops them there.
LOOSE = "always_approve: [payment_reminder, invoice_pdf_generate]\n"


def load(tmp_path: Path, text: str) -> Policy:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return Policy.load(path)


def step(tool: str, **kw: object) -> StepRequest:
    return StepRequest(tool=tool, risk=get_tool(tool).risk, args={}, **kw)  # type: ignore[arg-type]


# -- amounts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("tool", FINANCIAL)
@pytest.mark.parametrize(
    ("amount", "action"),
    [(None, "approve"), (0.0, "allow"), (499.99, "allow"), (500.0, "approve"), (9999.99, "approve"),
     (10000.0, "refuse"), (1e9, "refuse")],
)  # fmt: skip
def test_every_financial_step_kind_has_its_threshold(tmp_path: Path, tool: str, amount: float | None,
                                                     action: str) -> None:  # fmt: skip
    policy = load(tmp_path, LOOSE + f"amount_thresholds:\n  {tool}: {{approve_from: 500, refuse_from: 10000}}\n")
    decision = policy.decide(step(tool, amount=amount))
    assert decision.action == action, decision.reasons
    if amount is None:
        assert "unknown" in decision.reasons[0]


@pytest.mark.parametrize("tool", FINANCIAL)
def test_by_default_every_financial_step_needs_approval_whatever_its_amount(tool: str) -> None:
    policy = Policy.load()
    for amount in (None, 0.0, 0.01, 1e6):
        assert policy.decide(step(tool, amount=amount)).action == "approve"


def test_one_tools_threshold_leaves_the_others_alone(tmp_path: Path) -> None:
    policy = load(tmp_path, LOOSE + "amount_thresholds:\n  purchase_confirm: 1000\n")
    assert policy.decide(step("purchase_confirm", amount=10)).action == "allow"
    for tool in set(FINANCIAL) - {"purchase_confirm"}:
        assert policy.decide(step(tool, amount=10)).action == "approve", tool


def test_the_older_confirm_threshold_still_sets_order_confirm(tmp_path: Path) -> None:
    policy = load(tmp_path, "confirm_threshold: 200\namount_thresholds:\n  order_confirm: 50\n")
    assert policy.decide(step("order_confirm", amount=100)).action == "allow"
    assert policy.decide(step("order_confirm", amount=200)).action == "approve"


def test_a_financial_step_without_an_amount_rule_needs_approval(tmp_path: Path) -> None:
    policy = load(tmp_path, LOOSE + "amount_thresholds:\n  invoice_post: 100\n")
    assert policy.decide(step("inventory_adjust", amount=1)).action == "approve"


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("amount_thresholds:\n  invoice_post: 100\n", "amount_thresholds.invoice_post", "always_approve"),
        (LOOSE + "amount_thresholds:\n  partner_update: 100\n", "amount_thresholds.partner_update", "financial"),
        (LOOSE + "amount_thresholds:\n  order_confirm: -1\n", "amount_thresholds.order_confirm.approve_from",
         "greater"),
        (LOOSE + "amount_thresholds:\n  order_confirm: {approve: 1}\n", "amount_thresholds.order_confirm.approve",
         "unknown key"),
        ("working_hours: {from: '08:00', to: '18:00', timezone: Mars/Olympus}\n", "working_hours.timezone",
         "time zone"),
        ("working_hours: {from: 8:00, to: '18:00'}\n", "working_hours.from", "quotes"),  # YAML reads 8:00 as 480
        ("working_hours: {from: '08:00', to: '18:00', days: [monday]}\n", "working_hours.days.0", "mon"),
        ("working_hours: {from: '08:00', to: '18:00', outside: ignore}\n", "working_hours.outside", "approve"),
        ("anomaly: {window: 1h, baseline: 30m}\n", "anomaly", "longer"),
        ("anomaly: {factor: 1}\n", "anomaly.factor", "greater"),
        ("anomaly: {window: 60}\n", "anomaly.window", "duration"),
        ("turn_max_records: 0\n", "turn_max_records", "greater"),
    ],
)  # fmt: skip
def test_malformed_guardrails_name_the_key(tmp_path: Path, text: str, key: str, problem: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load(tmp_path, text)
    assert caught.value.key == key and problem in str(caught.value), str(caught.value)


# -- working hours -----------------------------------------------------------------------------------

TOKYO = "working_hours: {days: [mon, tue, wed, thu, fri], from: '08:00', to: '18:00', timezone: Asia/Tokyo}\n"
MONDAY_0930_TOKYO = datetime(2026, 1, 5, 0, 30, tzinfo=UTC)  # Monday 09:30 in Tokyo, Monday 00:30 in UTC
MONDAY_1900_TOKYO = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # Monday 19:00 in Tokyo, Monday 10:00 in UTC
SATURDAY_1000_TOKYO = datetime(2026, 1, 10, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "action"),
    [(MONDAY_0930_TOKYO, "allow"), (MONDAY_1900_TOKYO, "approve"), (SATURDAY_1000_TOKYO, "approve")],
)
def test_hours_are_read_in_the_policys_time_zone(tmp_path: Path, at: datetime, action: str) -> None:
    decision = load(tmp_path, TOKYO).decide(step("lead_create", at=at, odoo_tz="Europe/Brussels"))
    assert decision.action == action, decision.reasons
    if action == "approve":
        assert "JST" in decision.reasons[0] and "working hours" in decision.reasons[0]


def test_reads_are_never_restricted_by_hours(tmp_path: Path) -> None:
    assert load(tmp_path, TOKYO).decide(step("partner_search", at=MONDAY_1900_TOKYO)).action == "allow"


def test_outside_hours_may_refuse(tmp_path: Path) -> None:
    policy = load(tmp_path, TOKYO.replace("}", ", outside: refuse}"))
    assert policy.decide(step("lead_create", at=MONDAY_1900_TOKYO)).action == "refuse"
    assert policy.decide(step("lead_create", at=MONDAY_0930_TOKYO)).action == "allow"


def test_odoo_time_zone_is_the_users(tmp_path: Path) -> None:
    policy = load(tmp_path, "working_hours: {from: '08:00', to: '18:00', timezone: odoo}\n")
    # 00:30 UTC on a Monday: 09:30 for a user in Tokyo, 01:30 for one in Brussels.
    assert policy.decide(step("lead_create", at=MONDAY_0930_TOKYO, odoo_tz="Asia/Tokyo")).action == "allow"
    assert policy.decide(step("lead_create", at=MONDAY_0930_TOKYO, odoo_tz="Europe/Brussels")).action == "approve"


def test_an_overnight_shift_belongs_to_the_day_it_starts(tmp_path: Path) -> None:
    policy = load(tmp_path, "working_hours: {days: [fri], from: '22:00', to: '06:00', timezone: UTC}\n")
    friday_night, saturday_early = datetime(2026, 1, 9, 23, 0, tzinfo=UTC), datetime(2026, 1, 10, 5, 0, tzinfo=UTC)
    thursday_night = datetime(2026, 1, 8, 23, 0, tzinfo=UTC)
    assert policy.decide(step("lead_create", at=friday_night)).action == "allow"
    assert policy.decide(step("lead_create", at=saturday_early)).action == "allow"
    assert policy.decide(step("lead_create", at=thursday_night)).action == "approve"


def test_a_write_with_no_time_cannot_prove_it_is_inside(tmp_path: Path) -> None:
    assert load(tmp_path, TOKYO).decide(step("lead_create")).action == "approve"


# -- the anomaly pause --------------------------------------------------------------------------------


def activity(writes: int, norm: float, **creations: tuple[int, float]) -> Activity:
    made = {m.replace("_", "."): Burst(count=c, norm=n) for m, (c, n) in creations.items()}
    return Activity(writes=Burst(count=writes, norm=norm), creations=made)


@pytest.mark.parametrize(
    ("seen", "action"),
    [
        (activity(40, 2), "approve"),  # 40 writes in the window against a usual 2: paused
        (activity(40, 10), "allow"),  # 40 against a usual 10: not 5 times the norm
        (activity(29, 0), "allow"),  # under min_writes: a quiet agent's first writes never trip it
        (activity(30, 0), "approve"),
        (activity(31, 8, res_partner=(31, 0.5)), "approve"),  # writes as usual, but partners pour in
    ],
)
def test_a_burst_far_above_the_norm_pauses_writes(seen: Activity, action: str) -> None:
    decision = Policy.load().decide(step("lead_create", activity=seen))
    assert decision.action == action, decision.reasons
    if action == "approve":
        assert decision.reasons[0].startswith("Writes paused")


def test_a_burst_never_pauses_reads() -> None:
    assert Policy.load().decide(step("partner_search", activity=activity(500, 0))).action == "allow"


def test_the_anomaly_rule_can_be_switched_off(tmp_path: Path) -> None:
    assert load(tmp_path, "anomaly: null\n").decide(step("lead_create", activity=activity(500, 0))).action == "allow"


# -- a turn's records -----------------------------------------------------------------------------


@pytest.mark.parametrize(("records", "action"), [(1, "allow"), (500, "allow"), (501, "refuse")])
def test_a_turn_may_touch_at_most_turn_max_records(records: int, action: str) -> None:
    for tool in ("partner_search", "lead_create"):
        assert Policy.load().decide(step(tool, turn_records=records)).action == action


def test_the_cap_is_the_policys(tmp_path: Path) -> None:
    assert load(tmp_path, "turn_max_records: 10\n").decide(step("partner_search", turn_records=11)).action == "refuse"
