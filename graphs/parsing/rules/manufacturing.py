"""Offline-parser rules for manufacturing: BoMs, manufacturing orders (create, confirm, finish), status, lists."""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, clarify, lines_of
from graphs.parsing.intents import (
    ConfirmProduction,
    CreateBom,
    CreateProduction,
    FinishProduction,
    Intent,
    ListProductions,
    ProductionStatus,
)  # fmt: skip
from graphs.parsing.names import order_lines

__all__ = ["MANUFACTURING_RULES"]

# "BOM: Widget contains 3 A and 2 B", "bill of materials for Widget: 3 A, 2 B", "nomenclature de Widget : 3 A et 2 B"
_BOM = re.compile(
    r"(?:bom|bill of materials|nomenclature|recipe)\s*(?:for|of|de|du|pour)?\s*:?\s*(?P<product>[^:]+?)\s*"
    r"(?::|\b(?:contains|is made of|made of|needs|uses|consists of|=|contient|utilise|se compose de|avec|with))\s+"
)
# "bill of materials for the gift set two candles one box and one ribbon": no colon, the first count ends the product
_BOM_THEN_COUNTS = re.compile(
    r"(?:bom|bill of materials|nomenclature|recipe)\s*(?:for|of|de|du|pour)\s+(?P<product>[^\W\d_][^\d:,;]*?)\s*,?\s+"
    r"(?=\d+(?:\.\d+)?\s+[^\W\d_])"
)
_MAKE_PRODUCT = re.compile(r"\b(?:create|creer|cree)\b.*\b(?:product|produit|it)\b.*\b(?:if|si|s'il)\b")


def _ref(c: Clause) -> str | None:
    ref = c.ref("production", "any")
    return f"#{ref}" if ref and ref.isdigit() else ref


def _create_bom(c: Clause) -> Intent | None:
    if not c.has("bom") or c.has("list", "status"):
        return None
    m = c.text.search(_BOM) or c.text.search(_BOM_THEN_COUNTS)
    if not m:
        return clarify(c, "parser.to_create_bill_materials", ["components"])
    product = c.text.raw[m.start("product") : m.end("product")].strip(" ,")
    product = re.sub(r"^(?:(?:le|la|les|the)\s+|l')", "", product)  # "pour le bracelet X"; "The Big Chair" is a name
    components = lines_of(c, order_lines(c.text.cut(m.end(), len(c.text.raw))))
    if not components:
        return clarify(c, "parser.to_create_bill_materials", ["components"])
    return CreateBom(product=product, components=components,
                     create_product=bool((c.full or c.text).search(_MAKE_PRODUCT)))  # fmt: skip


_MAKE_N = re.compile(r"^\s*(?:please\s+)?(?:make|fabrique|fais)\s+\d")  # "make 20 Chairs": a production run


# "manufacturing order for 1500 X", "OF de 200 …", "MO 25 pcs X": the document named with its quantity, no verb
_MO_FOR_N = re.compile(r"^\W*(?:(?:a|an|new|one|un|une|nouvel|nouveau)\s+)?(?:manufacturing order|production order|mo"
                       r"|ordre de fabrication|of)\s+"
                       r"(?:(?:for|of|de|pour)\s+\d|\d+\s+(?:pcs|units?|x|unites?)\s)")  # fmt: skip
_START = re.compile(r"\b(?:start|launch|kick off|begin|lance[rz]?|demarre[rz]?|commence[rz]?)\b")


def _create_production(c: Clause) -> Intent | None:
    mo_said = c.has("mo") or re.search(r"\bOFs?\b", c.text.raw)  # "lance un OF de 200 …"
    started = c.text.search(_START) and (mo_said or re.search(r"\bproduction\b", c.text.low))
    asked = (
        c.has("produce")
        or (c.has("mo") and c.has("create"))
        or started
        or c.text.search(_MAKE_N)
        or c.text.search(_MO_FOR_N)
    )
    if not asked or c.ref("production") or c.has("list", "quote", "invoice"):
        return None
    lines = order_lines(c.text)
    if not lines or not lines[0].product:
        return clarify(c, "parser.to_create_manufacturing_order", ["lines"])
    return CreateProduction(product=lines[0].product, qty=lines[0].qty)


def _confirm(c: Clause) -> Intent | None:
    if not c.has("confirm") or not (c.has("mo") or c.ref("production")):
        return None
    return ConfirmProduction(production=_ref(c))


_DONE_STATE = re.compile(r"\b(?:done|finished|completed|terminee?s?|finie?s?|achevee?s?)\b")
# "mark it done", "marque-le terminé": an order to finish, said with "mark"
_MARK_DONE = re.compile(r"\b(?:mark|marque[rz]?)(?:[- ](?:it|that|this|le|la|§\d+))?\s+(?:as\s+|comme\s+)?"
                        r"(?:done|finished|complete|completed|terminee?|finie?)\b")  # fmt: skip
# "MO-45 done yet?", "l'OF MO-23, il est fini ?": whether it is done, asked — not an order to finish it
_ASKED = re.compile(r"\?|\b(?:yet|ever|already|deja|est-ce)\b")


def _finish(c: Clause) -> Intent | None:
    if not (c.has("finish") or c.text.search(_MARK_DONE)) or not (c.has("mo") or c.ref("production") or c.follows_up()):
        return None
    return FinishProduction(production=_ref(c))


def _status(c: Clause) -> Intent | None:
    if not (c.has("mo") or c.ref("production")):
        return None
    asked_done = c.text.search(_DONE_STATE) and c.text.search(_ASKED) and not c.text.search(_MARK_DONE)
    if not (c.has("status") or asked_done) or (asked_done and c.has("list")):
        return None
    return ProductionStatus(production=_ref(c))


def _list(c: Clause) -> Intent | None:
    if not (c.has("mo") or re.search(r"\bOFs?\b", c.text.raw)) or c.has("create", "produce"):
        return None
    done = c.has("finish") or c.text.search(_DONE_STATE)
    state = ("done" if done else "draft" if c.has("draft") else "cancel" if c.has("cancel_state")
             else "confirmed" if c.has("sale_state") else "in_progress")  # fmt: skip
    return ListProductions(state=state) if c.has("list", "in_progress") or c.text.search(
        re.compile(r"\b(?:which|what|quels?|quelles?)\b")) else None  # fmt: skip


MANUFACTURING_RULES = (_create_bom, _status, _confirm, _finish, _create_production, _list)
