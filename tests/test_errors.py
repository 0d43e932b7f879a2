"""One error hierarchy: every error a tool raises is an ``OdooError`` defined in ``odoo_tools/errors.py`` (the client's
in ``odoo_tools/client/errors.py``), with its sentence and hint from the catalog (no Odoo needed)."""

from __future__ import annotations

import ast
from pathlib import Path

from odoo_tools import errors
from odoo_tools.chatter import ai_signature, note_html
from odoo_tools.i18n import language_of, use_language

ROOT = Path(__file__).resolve().parent.parent
# Where error classes may be defined; audit.py's are the audit store's own (not a tool's), kept beside it.
HOMES = {"odoo_tools/errors.py", "odoo_tools/client/errors.py", "odoo_tools/audit.py"}


def test_every_exported_error_is_an_odoo_error() -> None:
    classes = [getattr(errors, name) for name in errors.__all__]
    assert classes and all(issubclass(cls, errors.OdooError) for cls in classes)


def test_no_error_class_lives_in_a_tool_module() -> None:
    strays = []
    for path in sorted((ROOT / "odoo_tools").rglob("*.py")):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Error") and where not in HOMES:
                strays.append(f"{where}: {node.name}")
    assert not strays, strays


def test_one_duplicate_error_with_the_model_as_data() -> None:
    contact, product = errors.DuplicateSuspectedError("x"), errors.DuplicateSuspectedError("x", model="product.product")
    assert contact.hint.startswith("Use that contact") and product.hint.startswith("Use that product")
    assert contact.kind == product.kind == "error"  # the CLI's JSON type, as before the merge


def test_policy_error_keeps_its_json_type_and_whole_message() -> None:
    exc = errors.PolicyError(Path("p.yaml"), "", "not valid YAML: line 1\n  line 2")
    assert isinstance(exc, errors.OdooError) and not isinstance(exc, ValueError)
    assert exc.kind == "PolicyError" and str(exc) == "p.yaml: not valid YAML: line 1\n  line 2"


def test_client_hints_follow_the_language() -> None:
    assert errors.OdooAuthError("x").hint.startswith("Check ODOO_USERNAME and ODOO_API_KEY")
    with use_language("fr"):
        assert errors.OdooAuthError("x").hint.startswith("Vérifiez ODOO_USERNAME et ODOO_API_KEY")
        assert errors.OdooTimeoutError("x").hint.startswith("Le serveur est lent ou arrêté ;")


def test_text_stored_in_odoo_follows_odoo_s_language_not_the_chat_s() -> None:
    assert (language_of("fr_BE"), language_of("en_US"), language_of(None)) == ("fr", "en", "en")
    with use_language("fr"):
        assert note_html("a").endswith(f"<p><em>{ai_signature('en')}</em></p>")
    assert note_html("a", "fr").endswith("<p><em>Rédigé par l'assistant IA odoo-agent.</em></p>")
    assert ai_signature() == "Written by the odoo-agent AI assistant."
