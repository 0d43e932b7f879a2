"""The offline parser's own wording, English and French: its clarifying questions and its refusals.

Each entry is an (English, French) pair; index it with ``lang == "fr"``.
"""

from __future__ import annotations

__all__ = ["BULK_REASON", "DELETE_REASON", "NEGATED_REASON", "NOTHING_FOUND", "NO_INVOICE_LIST", "OTHER_DOMAIN",
           "QUESTIONS", "QUOTATION", "REORDER"]  # fmt: skip


DELETE_REASON = "parser.delete_reason"
BULK_REASON = "parser.bulk_reason"
NEGATED_REASON = "parser.negated_reason"

# (English, French) texts; index with ``lang == "fr"``.
QUESTIONS: dict[str, str] = {
    "customer": "parser.questions_customer",
    "vendor": "parser.questions_vendor",
    "project": "parser.questions_project",
    "project_name": "parser.questions_project_name",
    "task_name": "parser.questions_task_name",
    "task": "parser.questions_task",
    "hours": "parser.questions_hours",
    "employee_name": "parser.questions_employee_name",
    "department_name": "parser.questions_department_name",
    "amount": "parser.questions_amount",
    "start": "parser.questions_start",
    "vehicle": "parser.questions_vehicle",
    "event_name": "parser.questions_event_name",
    "components": "parser.questions_components",
    "lines": "parser.questions_lines",
    "product": "parser.questions_product",
    "name": "parser.questions_name",
    "subject": "parser.questions_subject",
    "contact": "parser.questions_contact",
    "contact_name": "parser.questions_contact_name",
    "tag": "parser.questions_tag",
    "note_text": "parser.questions_note_text",
    "price": "parser.questions_price",
    "changes": "parser.questions_changes",
    "min_qty": "parser.questions_min_qty",
}
QUOTATION = "parser.to_create_quotation"
REORDER = "parser.to_set_reorder_rule"
NOTHING_FOUND = "parser.nothing_found"
NO_INVOICE_LIST = "parser.no_invoice_list"


OTHER_DOMAIN = "parser.other_domain"
