"""An invoice the next step posts is not read back by the step that made it: when that holds, and how the
wizard's answer names the invoices it made (the chain itself is replayed in the eval cases and the bench)."""

from __future__ import annotations

from typing import Any

import pytest

from graphs.executor import read_by_next
from graphs.state import PlanStep
from odoo_tools.invoicing import _invoices_in
from odoo_tools.registry import Risk


def step(sid: str, tool: str, status: str = "approved", deps: list[str] | None = None, **args: Any) -> PlanStep:
    return PlanStep(id=sid, tool=tool, args=args, risk=Risk.FINANCIAL, description=tool, status=status,
                    depends_on=deps or [])  # fmt: skip


INVOICE = step("s2", "invoice_from_order", order=7)


@pytest.mark.parametrize(
    ("after", "runnable", "expected"),
    [
        (step("s3", "invoice_post", deps=["s2"], invoice="$s2"), ("approved",), True),
        (step("s3", "invoice_post", "needs_approval", ["s2"], invoice="$s2"), ("approved",), False),  # may not run
        (step("s3", "invoice_post", "rejected", ["s2"], invoice="$s2"), ("approved", "pending"), False),
        (step("s3", "invoice_post", deps=["s2"], invoice=42), ("approved",), False),  # posts another invoice
        (step("s3", "invoice_post", invoice="$s2"), ("approved",), False),  # not after it
        (step("s3", "payment_register", deps=["s2"], invoice="$s2"), ("approved",), False),  # reads nothing back
        (None, ("approved",), False),
    ],
)
def test_only_a_post_of_this_very_invoice_that_runs_now_spares_the_read(
    after: PlanStep | None, runnable: tuple[str, ...], expected: bool
) -> None:
    assert read_by_next(INVOICE, after, runnable) is expected


@pytest.mark.parametrize(
    ("action", "ids"),
    [
        ({"res_model": "account.move", "res_id": 60, "type": "ir.actions.act_window"}, [60]),
        ({"res_model": "account.move", "domain": [["id", "in", [62, 61]]]}, [61, 62]),
        ({"res_model": "account.move", "domain": [("move_type", "in", ["out_invoice"])]}, []),  # no ids named
        ({"type": "ir.actions.act_window_close"}, []),  # nothing was invoiced
        (None, []),  # XML-RPC's None trap: the order's invoices are read instead
        (True, []),
    ],
)
def test_the_wizards_answer_names_the_invoices_it_made(action: Any, ids: list[int]) -> None:
    assert _invoices_in(action) == ids
