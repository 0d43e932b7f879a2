"""Every domain module, imported so its tools register (add new domains here)."""

from odoo_tools import (  # noqa: F401
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
