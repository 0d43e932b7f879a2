"""The tool registry: typed Odoo operations with a risk level, listed by the graph, CLI, MCP, skill."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import Any, TypeVar, get_type_hints

from pydantic import BaseModel

from odoo_tools.client import OdooClient
from odoo_tools.errors import ModuleMissingError
from odoo_tools.i18n import t
from odoo_tools.results import ToolResult

__all__ = ["REGISTRY", "ModuleMissingError", "Risk", "Tool", "ToolSpec", "tool"]


class Risk(StrEnum):
    """How much a tool can change; the policy gates everything above ``read``."""

    READ = "read"
    WRITE = "write"
    FINANCIAL = "financial"
    DESTRUCTIVE = "destructive"


# Human names of the apps, for "X is not installed" sentences: catalog keys.
APP_NAMES = {
    "sale": "registry.app_sale",
    "crm": "registry.app_crm",
    "purchase": "registry.app_purchase",
    "stock": "registry.app_stock",
    "account": "registry.app_account",
    "project": "registry.app_project",
    "hr": "registry.app_hr",
    "hr_expense": "registry.app_hr_expense",
    "hr_holidays": "registry.app_hr_holidays",
    "fleet": "registry.app_fleet",
    "mrp": "registry.app_mrp",
    "calendar": "registry.app_calendar",
    "website_sale": "registry.app_website_sale",
    "helpdesk": "registry.app_helpdesk",
    "hr_timesheet": "registry.app_hr_timesheet",
}


class ToolSpec(BaseModel):
    """What ``odoo-agent tools`` prints: enough for a model or a person to call the tool."""

    name: str
    domain: str
    risk: Risk
    summary: str
    description: str
    modules: list[str]
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]


In = TypeVar("In", bound=BaseModel)
Out = TypeVar("Out", bound=ToolResult)


@dataclass(frozen=True)
class Tool:
    """One registered operation."""

    name: str
    domain: str
    risk: Risk
    modules: tuple[str, ...]
    fn: Callable[[OdooClient, Any], ToolResult]
    input_model: type[BaseModel]
    output_model: type[ToolResult]

    @property
    def description(self) -> str:
        return (self.fn.__doc__ or "").strip()

    def spec(self) -> ToolSpec:
        """The tool as data."""
        return ToolSpec(
            name=self.name,
            domain=self.domain,
            risk=self.risk,
            summary=self.description.splitlines()[0] if self.description else self.name,
            description=self.description,
            modules=list(self.modules),
            input_schema=self.input_model.model_json_schema(),
            output_schema=self.output_model.model_json_schema(),
        )

    def check_modules(self, client: OdooClient) -> None:
        """Raise ``ModuleMissingError`` in one sentence when an app the tool needs is absent."""
        missing = [m for m in self.modules if m not in client.installed_modules()]
        if missing:  # the list may be an earlier process's: ask Odoo once more before refusing
            missing = [m for m in self.modules if m not in client.installed_modules(confirm=True)]
        if missing:
            names = ", ".join(f"{t(APP_NAMES[m]) if m in APP_NAMES else m} ({m})" for m in missing)
            key = "registry.app_not_installed" if len(missing) == 1 else "registry.apps_not_installed"
            raise ModuleMissingError(t(key, tool=self.name, names=names))

    def run(self, client: OdooClient, args: BaseModel | dict[str, Any]) -> ToolResult:
        """Validate the input, check the apps, call the tool."""
        data = args if isinstance(args, self.input_model) else self.input_model.model_validate(args)
        self.check_modules(client)
        return self.fn(client, data)


class _Registry(dict[str, Tool]):
    """The tools by name. Looking up one not registered yet loads the catalog (``odoo_tools.tools``) first: a
    domain module may run another domain's tool, and importing one module of the package no longer loads them all."""

    def __missing__(self, name: str) -> Tool:
        import_module("odoo_tools.tools")  # by name: the catalog imports this module
        if name not in self:
            raise KeyError(name)
        return self[name]


REGISTRY: dict[str, Tool] = _Registry()


def tool(
    *, domain: str, risk: Risk, modules: tuple[str, ...] = ()
) -> Callable[[Callable[[OdooClient, In], Out]], Callable[[OdooClient, In], Out]]:
    """Register ``fn(client, args: InputModel) -> OutputModel`` under its function name."""

    def register(fn: Callable[[OdooClient, In], Out]) -> Callable[[OdooClient, In], Out]:
        hints = get_type_hints(fn, localns={"OdooClient": OdooClient})
        params = [v for k, v in hints.items() if k != "return"]
        if len(params) != 2 or not issubclass(params[1], BaseModel) or not issubclass(hints["return"], ToolResult):
            shape = "a tool is fn(client, args: BaseModel) -> ToolResult subclass"  # i18n-exempt: for developers
            raise TypeError(f"{fn.__name__}: {shape}")
        if fn.__name__ in REGISTRY:
            raise ValueError(f"tool {fn.__name__!r} registered twice")
        REGISTRY[fn.__name__] = Tool(fn.__name__, domain, risk, modules, fn, params[1], hints["return"])
        return fn

    return register
