"""Tools answer in the person's language: English by default, French under ``use_language("fr")`` (no Odoo needed)."""

from __future__ import annotations

import ast
import inspect
import textwrap
from types import ModuleType
from typing import Any

import pytest
from pydantic import ValidationError

from odoo_tools import (
    chatter,
    errors,
    generic,
    inventory,
    invoicing,
    partners,
    products,
    registry,
    resolve,
    sales,
    sales_reports,
    transfers,
)
from odoo_tools import find_or_create as smart
from odoo_tools.client.errors import OdooError
from odoo_tools.i18n import current_language, say, t, use_language
from odoo_tools.registry import ModuleMissingError
from odoo_tools.resolve import Ambiguous, Candidate, NoMatchError, NotFound, label_of, resolve_one
from odoo_tools.results import RecordRef, ToolResult
from odoo_tools.tools import get_tool

CONVERTED = [
    partners,
    products,
    sales,
    sales_reports,
    inventory,
    transfers,
    invoicing,
    chatter,
    generic,
    smart,
    resolve,
    registry,
]


class StubClient:
    """Just enough of ``OdooClient`` for tools that read: every search answers ``rows``."""

    def __init__(self, rows: list[dict[str, Any]] | None = None, *, count: int | None = None,
                 modules: frozenset[str] = frozenset({"base"})) -> None:  # fmt: skip
        self.rows, self.count, self.modules = rows or [], count, modules
        self.write_listeners: list[Any] = []

    def installed_modules(self, *, confirm: bool = False) -> frozenset[str]:
        return self.modules

    def has_field(self, model: str, field: str) -> bool:
        return False

    def search_read(self, model: str, domain: list[Any], fields: list[str], **kwargs: Any) -> list[dict[str, Any]]:
        return self.rows

    def search_count(self, model: str, domain: list[Any]) -> int:
        return len(self.rows) if self.count is None else self.count

    def web_search_read(self, model: str, domain: list[Any], specification: dict[str, Any],
                        **kwargs: Any) -> tuple[int, list[dict[str, Any]]]:  # fmt: skip
        return self.search_count(model, domain), self.rows

    major = 19

    def name_search(self, model: str, name: str, domain: list[Any], limit: int = 20) -> list[tuple[int, str]]:
        return []


def _ref(model: str, rid: int, name: str) -> RecordRef:
    return RecordRef(model=model, id=rid, display_name=name)


# --- t() and use_language ---------------------------------------------------------------------------------------


def test_t_follows_use_language_and_restores_after_the_block() -> None:
    assert current_language() == "en"
    assert t("graph.more_records", n=3) == "(3 more records not listed.)"
    with use_language("fr"):
        assert current_language() == "fr"
        assert t("graph.more_records", n=3) == "(3 autres enregistrements non listés.)"
        with use_language("en"):
            assert t("graph.more_records", n=3) == "(3 more records not listed.)"
        assert current_language() == "fr"
    assert current_language() == "en"
    assert say("graph.more_records", "fr", n=2) == "(2 autres enregistrements non listés.)"


def test_use_language_restores_after_an_error() -> None:
    with pytest.raises(RuntimeError), use_language("fr"):
        raise RuntimeError
    assert current_language() == "en"


def test_unknown_language_means_english() -> None:
    with use_language("de"):
        assert t("graph.more_records", n=1) == "(1 more records not listed.)"


# --- resolve: the question and the no-match sentence -----------------------------------------------------------


def _ambiguous(model: str) -> Ambiguous:
    return Ambiguous(phrase="acme", model=model, candidates=[
        Candidate(record=_ref(model, 1, "Acme Bergen"), score=90, details={"city": "Bergen"}),
        Candidate(record=_ref(model, 2, "Acme Oslo"), score=89, details={"city": "Oslo"}),
    ])  # fmt: skip


def test_ambiguous_question_in_both_languages() -> None:
    assert _ambiguous("res.partner").question() == (
        "Which one do you mean by 'acme'? 1. Acme Bergen (Bergen); 2. Acme Oslo (Oslo)"
    )
    with use_language("fr"):
        assert _ambiguous("res.partner").question() == (
            "Lequel désignez-vous par « acme » ? 1. Acme Bergen (Bergen); 2. Acme Oslo (Oslo)"
        )
        assert _ambiguous("account.move").question().startswith("Laquelle désignez-vous par « acme » ?")


def test_no_match_error_in_both_languages() -> None:
    near = [Candidate(record=_ref("account.move", 7, "INV/2026/00007"), score=60)]
    missing = NotFound(phrase="INV 8", model="account.move", closest=near)
    assert NoMatchError(missing, label_of("account.move")).message == (
        "No invoice matches 'INV 8'. Closest: INV/2026/00007."
    )
    with use_language("fr"):
        assert label_of("account.move") == "facture" and label_of("x.unknown") == "x.unknown"
        assert NoMatchError(missing, label_of("account.move")).message == (
            "Aucune facture ne correspond à « INV 8 ». Les plus proches : INV/2026/00007."
        )
        lone = NotFound(phrase="Xqz", model="res.partner")
        assert NoMatchError(lone, label_of("res.partner")).message == "Aucun contact ne correspond à « Xqz »."


def test_resolve_one_raises_the_french_sentence() -> None:
    with use_language("fr"), pytest.raises(NoMatchError) as err:
        resolve_one(StubClient(), "product.product", "Xqzzvrt")  # type: ignore[arg-type]
    assert err.value.message == "Aucun produit ne correspond à « Xqzzvrt »."
    with pytest.raises(NoMatchError, match="No product matches 'Xqzzvrt'"):
        resolve_one(StubClient(), "product.product", "Xqzzvrt")  # type: ignore[arg-type]


# --- registry: a missing app ---------------------------------------------------------------------------------------


def test_module_missing_sentence_in_both_languages() -> None:
    one, two = get_tool("quotation_create"), get_tool("invoice_from_order")
    with pytest.raises(ModuleMissingError) as err:
        one.check_modules(StubClient())  # type: ignore[arg-type]
    assert err.value.message == "quotation_create needs Sales (sale), which is not installed on this Odoo."
    assert err.value.hint == "Install the app in Odoo (Apps menu), or ask an administrator to."
    with use_language("fr"):
        with pytest.raises(ModuleMissingError) as err:
            one.check_modules(StubClient())  # type: ignore[arg-type]
        assert err.value.message == "quotation_create nécessite Ventes (sale), qui n'est pas installé sur cet Odoo."
        assert err.value.hint.startswith("Installez l'application dans Odoo")
        with pytest.raises(ModuleMissingError) as err:
            two.check_modules(StubClient())  # type: ignore[arg-type]
        assert err.value.message == (
            "invoice_from_order nécessite Ventes (sale), Facturation (account), qui ne sont pas installés sur cet Odoo."
        )
    assert ModuleMissingError("x", hint="").hint == ""  # an explicit hint still wins


def test_error_hints_follow_the_language() -> None:
    assert partners.DuplicateSuspectedError("x").hint.startswith("Use that contact")
    assert transfers.BackorderChoiceError("x").hint.startswith("Say backorder='create'")
    with use_language("fr"):
        assert partners.DuplicateSuspectedError("x").hint.startswith("Utilisez ce contact")
        assert errors.DuplicateSuspectedError("x", model="product.product").hint.startswith("Utilisez ce produit")
        assert transfers.BackorderChoiceError("x").hint.startswith("Indiquez backorder='create'")
        assert transfers.NothingReservedError("x").hint.startswith("Recevez ou ajustez d'abord le stock")


# --- tools and their helpers ------------------------------------------------------------------------------------

PARTNER_ROW = {"id": 5, "display_name": "Acme", "name": "Acme", "is_company": True, "email": False, "phone": False,
               "vat": False, "street": False, "city": "Lyon", "zip": False, "country_id": False, "parent_id": False,
               "category_id": [], "customer_rank": 1, "supplier_rank": 0}  # fmt: skip


def test_read_tools_answer_in_french() -> None:
    search = get_tool("partner_search")
    assert search.run(StubClient([PARTNER_ROW]), {"name": "acme"}).message == "1 contact(s) found: Acme (Lyon)."  # type: ignore[arg-type]
    with use_language("fr"):
        found = search.run(StubClient([PARTNER_ROW]), {"name": "acme"})  # type: ignore[arg-type]
        assert found.message == "1 contact(s) trouvé(s) : Acme (Lyon)."
        assert search.run(StubClient(), {"name": "x"}).message == "Aucun contact ne correspond."  # type: ignore[arg-type]
        rows = get_tool("generic_read").run(StubClient([{"id": 5, "display_name": "Acme"}], count=3),  # type: ignore[arg-type]
                                            {"model": "res.partner", "limit": 1})  # fmt: skip
        assert rows.message == "3 enregistrement(s) res.partner (1 affiché(s))."
        low = get_tool("low_stock_report").run(StubClient(modules=frozenset({"stock"})), {})  # type: ignore[arg-type]
        assert low.message == "0 produit(s) à réapprovisionner."


def test_refusals_in_french() -> None:
    with use_language("fr"):
        with pytest.raises(OdooError, match=r"La lecture de res\.users n'est pas autorisée pour l'agent\."):
            generic.check_read("res.users", ["name"], [])
        moves = [transfers.MoveInfo(id=1, product=_ref("product.product", 3, "Desk"), demand=2, quantity=0,
                                    picked=False, uom="Units", state="confirmed")]  # fmt: skip
        picking = transfers.PickingInfo(id=9, name="WH/OUT/00009", kind="outgoing", state="confirmed", moves=moves)
        with pytest.raises(transfers.NothingReservedError) as err:
            transfers._check_quantities(picking, "ask")
        assert err.value.message == ("Rien n'est réservé sur WH/OUT/00009 (Desk 0/2) : le stock n'est pas disponible.")
        with pytest.raises(ValidationError, match=r"Indiquez soit une période, soit des dates, pas les deux\."):
            sales_reports.OrdersList(period="this_month", date_from="2026-01-01")
        assert smart._questions(["Xqz"], [None], False) == [
            "Rien ne correspond à « Xqz » : faut-il le créer, ou indiquer un enregistrement existant ?"
        ]
    assert smart._questions(["Xqz"], [None], False) == ["Nothing matches 'Xqz': create it, or name an existing record?"]


def _invoice(**changes: Any) -> invoicing.InvoiceInfo:
    values = {"id": 4, "number": "INV/2026/00004", "display_name": "INV/2026/00004", "move_type": "out_invoice",
              "state": "posted", "payment_state": "paid", "amount_total": 100.0, "amount_residual": 0.0,
              "currency": "EUR"}  # fmt: skip
    return invoicing.InvoiceInfo(**{**values, **changes})


def test_invoice_states_in_both_languages() -> None:
    with pytest.raises(OdooError) as err:
        invoicing._require_unpaid(_invoice(payment_state="in_payment"), "can be paid")
    assert err.value.message == "INV/2026/00004 is in payment: nothing is due."
    with use_language("fr"):
        with pytest.raises(OdooError) as err:
            invoicing._require_unpaid(_invoice(payment_state="in_payment"), "peut être payée")
        assert err.value.message == "INV/2026/00004 est en cours de paiement : rien n'est dû."
        with pytest.raises(OdooError) as err:
            invoicing._require_unpaid(_invoice(state="draft"), "peut être payée")
        assert err.value.message == (
            "INV/2026/00004 est un brouillon : seule une facture comptabilisée peut être payée."
        )


def test_periods_stay_english_as_data_but_not_in_messages() -> None:
    span = sales_reports.OrdersList(date_from="2026-01-01", date_to="2026-01-31")
    assert span.label() == span.words() == "2026-01-01 to 2026-01-31"
    with use_language("fr"):
        assert span.words() == "du 2026-01-01 au 2026-01-31" and span.label() == "2026-01-01 to 2026-01-31"
        assert sales_reports.OrdersList().words() == "sur toute la période"


# --- every tool message and every refusal goes through t() ------------------------------------------------------


def _assignments(func: ast.AST) -> dict[str, list[ast.expr]]:
    """Values assigned to each local name in a function (tuple unpacking included)."""
    out: dict[str, list[ast.expr]] = {}
    for node in ast.walk(func):
        pairs: list[tuple[ast.expr, ast.expr | None]] = []
        if isinstance(node, ast.Assign):
            pairs = [(target, node.value) for target in node.targets]
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            pairs = [(node.target, node.value)]
        for target, value in pairs:
            if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
                pairs += list(zip(target.elts, value.elts, strict=False))
            elif isinstance(target, ast.Name) and value is not None:
                out.setdefault(target.id, []).append(value)
    return out


def _translated(node: ast.expr, assigned: dict[str, list[ast.expr]], seen: frozenset[str] = frozenset()) -> bool:
    """False when words can reach the person without ``t()``: a bare string, an f-string, a ``"...".format``."""
    if isinstance(node, ast.Constant):
        return not (isinstance(node.value, str) and node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return not isinstance(node.func.value, ast.Constant)
    if isinstance(node, ast.Name) and node.id not in seen:
        return all(_translated(v, assigned, seen | {node.id}) for v in assigned.get(node.id, []))
    if isinstance(node, ast.IfExp):
        return _translated(node.body, assigned, seen) and _translated(node.orelse, assigned, seen)
    if isinstance(node, ast.BinOp):
        return _translated(node.left, assigned, seen) and _translated(node.right, assigned, seen)
    if isinstance(node, ast.BoolOp):
        return all(_translated(v, assigned, seen) for v in node.values)
    return True  # t(...), another helper's result, an attribute (quote.message) ...


def _is_class(namespace: dict[str, Any], node: ast.expr, base: type) -> bool:
    cls = namespace.get(node.id) if isinstance(node, ast.Name) else None
    return isinstance(cls, type) and issubclass(cls, base)


def untranslated(source: str, namespace: dict[str, Any]) -> tuple[list[str], int]:
    """Tool messages and user-facing errors in ``source`` not worded with ``t()``; and how many were checked."""
    problems, checked = [], 0
    for func in ast.walk(ast.parse(textwrap.dedent(source))):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        assigned = _assignments(func)
        validator = any("validator" in ast.unparse(d) for d in func.decorator_list)
        for node in ast.walk(func):
            if isinstance(node, ast.Call) and _is_class(namespace, node.func, ToolResult):
                for kw in node.keywords:
                    if kw.arg == "message":
                        checked += 1
                        if not _translated(kw.value, assigned):
                            problems.append(f"line {node.lineno}: {ast.unparse(kw.value)[:80]}")
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                call = node.exc
                user_error = _is_class(namespace, call.func, OdooError) or (
                    validator and _is_class(namespace | {"ValueError": ValueError}, call.func, ValueError)
                )
                if user_error:
                    checked += 1
                    if not _translated(call.args[0], assigned):
                        problems.append(f"line {node.lineno}: raise {ast.unparse(call)[:80]}")
    return problems, checked


@pytest.mark.parametrize("module", CONVERTED, ids=lambda m: m.__name__)
def test_every_message_and_refusal_goes_through_t(module: ModuleType) -> None:
    problems, _ = untranslated(inspect.getsource(module), vars(module))
    assert not problems, f"{module.__name__}: words without t() (add the French): {problems}"


def test_the_static_check_covers_the_tools() -> None:
    total = sum(untranslated(inspect.getsource(m), vars(m))[1] for m in CONVERTED)
    assert total >= 80  # every ToolResult message= and raised user error of the converted modules


def test_the_static_check_catches_a_forgotten_translation() -> None:
    source = """
    def tool(client, args):
        label = f"Found {args.name}"
        if args.bad:
            raise OdooError("Nothing here.")
        ok = t("Fine.", "Bien.")
        return [ToolResult(message=label), ToolResult(message=ok if args.x else "No."), ToolResult(message=ok)]
    """
    problems, checked = untranslated(source, {"ToolResult": ToolResult, "OdooError": OdooError})
    assert checked == 4 and len(problems) == 3
