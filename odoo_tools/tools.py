"""The tool catalog: every domain module imported, so its tools register, and the lookups over them.

Add a new domain's module to the import below. Lookups live here, not in ``registry``, so that the
registry (which every domain module imports) never imports the domains back.
"""

from odoo_tools import (  # noqa: F401 - imported so their @tool functions register
    automation_hooks,
    calendar_tools,
    chatter,
    crm,
    find_or_create,
    fleet,
    generic,
    helpdesk,
    hr,
    inventory,
    invoicing,
    manufacturing,
    partners,
    products,
    projects,
    purchase,
    sales,
    sales_reports,
    smart_create,
    transfers,
    website,
)
from odoo_tools.i18n import t
from odoo_tools.registry import REGISTRY, Tool

__all__ = ["get_tool", "list_tools"]


def list_tools(domain: str | None = None) -> list[Tool]:
    """Registered tools, by domain then name."""
    tools = sorted(REGISTRY.values(), key=lambda t: (t.domain, t.name))
    return [t for t in tools if domain is None or t.domain == domain]


def get_tool(name: str) -> Tool:
    """One tool by name; ``KeyError`` lists the known names."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(t("registry.unknown_tool", name=repr(name), known=", ".join(sorted(REGISTRY)))) from None
