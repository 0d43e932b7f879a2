"""Every domain module, imported so its tools register (add new domains here)."""

from odoo_tools import generic, partners, smart  # noqa: F401
