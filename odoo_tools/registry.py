"""The tool registry: typed Odoo operations with a risk level, listed by the graph, CLI, MCP, skill."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar, get_type_hints

from pydantic import BaseModel

from odoo_tools.client import OdooClient
from odoo_tools.client.errors import OdooError
from odoo_tools.i18n import current_language, t
from odoo_tools.results import ToolResult

__all__ = ["REGISTRY", "ModuleMissingError", "Risk", "Tool", "ToolSpec", "tool"]


class Risk(StrEnum):
    """How much a tool can change; the policy gates everything above ``read``."""

    READ = "read"
    WRITE = "write"
    FINANCIAL = "financial"
    DESTRUCTIVE = "destructive"


# Human names of the apps, for "X is not installed" sentences.
APP_NAMES = {
    "sale": "Sales", "crm": "CRM", "purchase": "Purchase", "stock": "Inventory", "account": "Invoicing",
    "project": "Project", "hr": "Employees", "hr_expense": "Expenses", "hr_holidays": "Time Off",
    "fleet": "Fleet", "mrp": "Manufacturing", "calendar": "Calendar", "website_sale": "eCommerce",
    "helpdesk": "Helpdesk", "hr_timesheet": "Timesheets",
}  # fmt: skip
APP_NAMES_FR = {
    "sale": "Ventes", "crm": "CRM", "purchase": "Achats", "stock": "Inventaire", "account": "Facturation",
    "project": "Projet", "hr": "Employés", "hr_expense": "Notes de frais", "hr_holidays": "Congés",
    "fleet": "Parc automobile", "mrp": "Fabrication", "calendar": "Agenda", "website_sale": "eCommerce",
    "helpdesk": "Assistance", "hr_timesheet": "Feuilles de temps",
}  # fmt: skip


class ModuleMissingError(OdooError):
    """The Odoo app a tool needs is not installed."""

    @property
    def default_hint(self) -> str:  # worded when raised, in the person's language
        return t(
            "registry.install_app_odoo_apps",
        )


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
            apps = APP_NAMES_FR if current_language() == "fr" else APP_NAMES
            names = ", ".join(f"{apps.get(m, m)} ({m})" for m in missing)
            verb = "is" if len(missing) == 1 else "are"
            fr_verb = "n'est pas installé" if len(missing) == 1 else "ne sont pas installés"
            raise ModuleMissingError(
                t("registry.needs_which_installed_odoo",
                  tool=self.name, names=names, verb=verb, fr_verb=fr_verb)
            )  # fmt: skip

    def run(self, client: OdooClient, args: BaseModel | dict[str, Any]) -> ToolResult:
        """Validate the input, check the apps, call the tool."""
        data = args if isinstance(args, self.input_model) else self.input_model.model_validate(args)
        self.check_modules(client)
        return self.fn(client, data)


REGISTRY: dict[str, Tool] = {}


def tool(
    *, domain: str, risk: Risk, modules: tuple[str, ...] = ()
) -> Callable[[Callable[[OdooClient, In], Out]], Callable[[OdooClient, In], Out]]:
    """Register ``fn(client, args: InputModel) -> OutputModel`` under its function name."""

    def register(fn: Callable[[OdooClient, In], Out]) -> Callable[[OdooClient, In], Out]:
        hints = get_type_hints(fn, localns={"OdooClient": OdooClient})
        params = [v for k, v in hints.items() if k != "return"]
        if len(params) != 2 or not issubclass(params[1], BaseModel) or not issubclass(hints["return"], ToolResult):
            raise TypeError(f"{fn.__name__}: a tool is fn(client, args: BaseModel) -> ToolResult subclass")
        if fn.__name__ in REGISTRY:
            raise ValueError(f"tool {fn.__name__!r} registered twice")
        REGISTRY[fn.__name__] = Tool(fn.__name__, domain, risk, modules, fn, params[1], hints["return"])
        return fn

    return register
