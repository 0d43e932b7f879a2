"""Chatter tools: internal notes on any record that has a chatter (mail.thread)."""

from __future__ import annotations

import html
import re

from pydantic import Field

from odoo_tools.client import OdooClient
from odoo_tools.errors import OdooNotFoundError, OdooValidationError
from odoo_tools.i18n import language_of, say, t
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import PROFILES, RecordInput, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

_ID = re.compile(r"#?\d+")


class NotePost(ToolInput):
    model: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", description="Technical model, e.g. sale.order, crm.lead")
    record: RecordInput = Field(
        description="The record's id; a name or number (S00042, INV/2026/00001, 'Deco Addict') for partners, "
        "products, sales/purchase orders, invoices and transfers",
    )  # fmt: skip
    body: str = Field(min_length=1, max_length=10_000, description="Plain text; blank lines separate paragraphs")


class NoteResult(ToolResult):
    message_id: int
    record: RecordRef
    body_html: str = Field(description="What was posted")


def ai_signature(lang: str = "en") -> str:
    """Added to every note so a person reading the chatter knows who wrote it (in Odoo's language, ``lang``)."""
    return say("chatter.ai_signature", lang)


def note_html(text: str, lang: str = "en") -> str:
    """The user's text as safe HTML paragraphs (never interpreted as markup), then the AI signature in ``lang``."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    body = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return f"{body}<p><em>{ai_signature(lang)}</em></p>"


def _target(client: OdooClient, model: str, record: RecordInput) -> RecordRef:
    is_id = isinstance(record, int) or _ID.fullmatch(record.strip())
    if model not in PROFILES and not is_id:
        raise OdooValidationError(
            t("chatter.give_id_record_names",
              model=model, models=", ".join(sorted(PROFILES)))
        )  # fmt: skip
    try:
        return resolve_one(client, model, record)
    except OdooNotFoundError as exc:
        raise OdooNotFoundError(
            t("chatter.there_model_odoo",
              model=model),
            hint=exc.hint, data=exc.data,
        ) from exc  # fmt: skip


@tool(domain="chatter", risk=Risk.WRITE)
def note_post(client: OdooClient, args: NotePost) -> NoteResult:
    """Post an internal note (never emailed to customers) on a record's chatter, signed as written by the AI."""
    target = _target(client, args.model, args.record)
    body = note_html(args.body, language_of(client.context.get("lang")))
    try:
        ids = client.call(args.model, "message_post", [target.id], body=body, body_is_html=True,
                          message_type="comment", subtype_xmlid="mail.mt_note")  # fmt: skip
    except OdooNotFoundError as exc:
        # Odoo says "The method '<model>.message_post' does not exist": the model has no chatter.
        raise OdooValidationError(
            t("chatter.records_have_chatter_so", model=args.model, name=target.display_name),
            data=exc.data,
        ) from exc  # fmt: skip
    message_id = int(ids[0] if isinstance(ids, list) else ids)
    return NoteResult(
        message=t("chatter.posted_internal_note",
                  name=target.display_name),
        created=[RecordRef(model="mail.message", id=message_id,
                           display_name=t("chatter.note_on", name=target.display_name))],
        changed=[target], message_id=message_id, record=target, body_html=body,
    )  # fmt: skip
