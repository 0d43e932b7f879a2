"""The approval policy: whether a planned tool call runs freely, waits for a person's approval, or is refused."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator

from odoo_tools.approvers import ApproverRule
from odoo_tools.errors import PolicyError
from odoo_tools.guardrails import ORDER_CONFIRM as CONFIRM_TOOL
from odoo_tools.guardrails import (
    Action,
    Activity,
    AmountLimit,
    AnomalyRule,
    Verdict,
    WorkingHours,
    amount_verdicts,
    anomaly_verdicts,
    hours_verdicts,
    parse_duration,
    positive_duration,
    turn_verdicts,
)  # fmt: skip
from odoo_tools.i18n import t
from odoo_tools.rate_limit import RateLimit
from odoo_tools.registry import Risk
from odoo_tools.tools import list_tools

__all__ = [
    "DEFAULT_POLICY_FILE",
    "Action",
    "Decision",
    "Policy",
    "PolicyConfig",
    "PolicyError",
    "StepRequest",
    "deep_merge",
    "parse_duration",
    "read_yaml_file",
    "validated",
]

_M = TypeVar("_M", bound=BaseModel)
DEFAULT_POLICY_FILE = Path(__file__).with_name("default_policy.yaml")
# A safety net for tools missing from the YAML: a name saying "delete" is treated as one.
_DELETE_NAME = re.compile(r"(^|_)(unlink|delete)(_|$)")
_MODEL = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
_RANK = {Risk.READ: 0, Risk.WRITE: 1, Risk.FINANCIAL: 2, Risk.DESTRUCTIVE: 3}
# What a person calls the records a step creates (catalog keys); any other model is a "record".
_LABELS = {"res.partner": "resolve.label_res_partner", "product.template": "resolve.label_product_template",
           "product.product": "resolve.label_product_product"}  # fmt: skip

_STRENGTH: dict[Action, int] = {"allow": 0, "approve": 1, "refuse": 2}


class StepRequest(BaseModel):
    """One planned tool call, as the graph describes it to the policy."""

    model_config = ConfigDict(extra="forbid")

    tool: str
    risk: Risk
    args: dict[str, Any] = Field(description="For the record only: the policy never reads them")
    record_count: int = Field(default=1, ge=0, description="How many records the step touches")
    amount: float | None = Field(default=None, allow_inf_nan=False, description="In company currency")
    creates: list[str] = Field(default_factory=list, description="Models the step would create, e.g. res.partner")
    writes: dict[str, list[str]] = Field(default_factory=dict, description="model -> fields the step would write")
    at: datetime | None = Field(default=None, description="When it would run (aware), for the working hours")
    odoo_tz: str | None = Field(default=None, description="The Odoo user's time zone (working hours 'odoo')")
    activity: Activity | None = Field(default=None, description="Recent writes, for the anomaly rule")
    turn_records: int = Field(default=0, ge=0, description="Records the turn's steps touch, this one included")


class Decision(BaseModel):
    """What to do with a step, and why, in short sentences for the person approving."""

    action: Action
    reasons: list[str]


class ToolRule(BaseModel):
    """What one tool may do without approval."""

    model_config = ConfigDict(extra="forbid")

    writes: dict[str, list[str]]
    creates: list[str] = Field(default_factory=list)
    deletes: StrictBool = False

    @field_validator("writes")
    @classmethod
    def _model_names(cls, writes: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = [m for m in writes if not _MODEL.match(m)]
        if bad:
            raise ValueError(t("policy.not_model_names", names=", ".join(bad)))
        return writes


class PolicyConfig(BaseModel):
    """The merged policy files, validated."""

    model_config = ConfigDict(extra="forbid")

    approval_ttl: timedelta
    bulk_approval: int = Field(ge=1)
    bulk_max: int = Field(ge=1)
    confirm_threshold: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    always_approve: list[str]
    allow_delete: StrictBool
    approve_creates: list[str]
    tools: dict[str, ToolRule]
    approvers: list[ApproverRule] = Field(default_factory=list)
    amount_thresholds: dict[str, AmountLimit] = Field(default_factory=dict)
    working_hours: WorkingHours | None = None
    anomaly: AnomalyRule | None = None
    turn_max_records: int = Field(default=500, ge=1)
    # Rate limit (read early by odoo_tools.rate_limit: the handshake starts before this file is checked)
    rate_limit: RateLimit = Field(default_factory=RateLimit)

    @field_validator("approval_ttl", mode="before")
    @classmethod
    def _ttl(cls, value: Any) -> timedelta:
        return positive_duration(value)

    def amount_limit(self, tool: str) -> AmountLimit | None:
        """The amount rule of a financial tool; ``confirm_threshold``, the older spelling, wins for order_confirm."""
        limit = self.amount_thresholds.get(tool)
        if tool == CONFIRM_TOOL and self.confirm_threshold is not None:
            return (limit or AmountLimit()).model_copy(update={"approve_from": self.confirm_threshold})
        return limit

    # Audit retention: audit and call rows older than this are pruned (``audit --prune``, and once a day at start).
    audit_retention: timedelta = timedelta(days=90)

    @field_validator("audit_retention", mode="before")
    @classmethod
    def _retention(cls, value: Any) -> timedelta:
        return positive_duration(value)  # "90d"-style text, positive, as approval_ttl


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice (PyYAML would silently keep the last one)."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    dup = next((k for i, k in enumerate(keys) if k in keys[:i]), None)
    if dup is not None:
        raise yaml.constructor.ConstructorError(None, None, t("policy.key_given_twice", key=repr(dup)), node.start_mark)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def read_yaml_file(path: Path, error: type[PolicyError] = PolicyError) -> dict[str, Any]:
    """A YAML mapping file (a key given twice is an error, not the last one silently kept); ``error`` names it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(path, "", t("policy.file_unreadable", reason=exc.strerror or exc)) from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        raise error(path, "", t("policy.file_not_yaml", error=exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise error(path, "", t("policy.file_not_mapping"))
    return data


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` over ``base``: mappings merge, anything else replaces, ``None`` removes the key."""
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def validated(model: type[_M], data: dict[str, Any], path: Path, error: type[PolicyError] = PolicyError) -> _M:
    """``data`` as ``model``, else ``error`` naming the file and the first wrong key (an unknown key included)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        problem = (
            t("policy.unknown_key") if err["type"] == "extra_forbidden" else err["msg"].removeprefix("Value error, ")
        )
        raise error(path, key, problem) from None


def _validate(data: dict[str, Any], path: Path, risks: dict[str, Risk]) -> PolicyConfig:
    config = validated(PolicyConfig, data, path)
    named = [("tools", n) for n in config.tools] + [("always_approve", n) for n in config.always_approve]
    named += [(f"approvers.{i}.tools", n) for i, rule in enumerate(config.approvers) for n in rule.tools]
    for where, name in named:
        if name not in risks:
            raise PolicyError(path, f"{where}.{name}", t("policy.not_registered_tool"))
    for name in config.amount_thresholds:
        if risks.get(name) != Risk.FINANCIAL:
            raise PolicyError(path, f"amount_thresholds.{name}", t("guardrails.not_financial_tool"))
    # A threshold that lets small amounts through means nothing while the tool always needs approval: say so.
    for name in config.always_approve:
        limit = config.amount_limit(name)
        if limit is not None and limit.approve_from > 0:
            raise PolicyError(path, f"amount_thresholds.{name}", t("guardrails.threshold_always_approved"))
    return config


def _effective_risk(tool: str, risk: Risk, known: dict[str, Risk]) -> Risk:
    # The registry's risk wins when higher: a graph that under-declares a step cannot lower the bar.
    registered = known.get(tool, Risk.READ)
    return risk if _RANK[risk] >= _RANK[registered] else registered


class Policy:
    """The loaded policy; ``decide`` says what to do with one step."""

    def __init__(self, config: PolicyConfig, files: Iterable[Path], risks: dict[str, Risk]) -> None:
        self.config = config
        self.files = tuple(files)
        self._risks = risks

    def __repr__(self) -> str:
        return f"Policy({', '.join(str(f) for f in self.files)})"

    @classmethod
    def load(cls, user_file: Path | None = None) -> Policy:
        """The defaults, with ``user_file`` deep-merged over them; ``PolicyError`` names what is wrong."""
        risks = {t.name: t.risk for t in list_tools()}
        defaults = read_yaml_file(DEFAULT_POLICY_FILE)
        # Checked alone first, so an error in the merged result can be blamed on the user file.
        config = _validate(defaults, DEFAULT_POLICY_FILE, risks)
        if user_file is None:
            return cls(config, [DEFAULT_POLICY_FILE], risks)
        path = Path(user_file)
        merged = deep_merge(defaults, read_yaml_file(path))
        return cls(_validate(merged, path, risks), [DEFAULT_POLICY_FILE, path], risks)

    def approver_rules(self, tool: str, risk: Risk) -> list[ApproverRule]:
        """The rules saying who may approve a step of ``tool`` (its registered risk if higher than ``risk``)."""
        effective = _effective_risk(tool, risk, self._risks)
        return [rule for rule in self.config.approvers if rule.covers(tool, effective)]

    def approver_rules_of(self, steps: Iterable[tuple[str, Risk | str]]) -> list[ApproverRule]:
        """The rules covering any of these (tool, risk) steps, each once, in the policy's order."""
        wanted = [(tool, Risk(risk)) for tool, risk in steps]
        return [rule for rule in self.config.approvers if any(rule in self.approver_rules(*s) for s in wanted)]

    @property
    def approval_ttl(self) -> timedelta:
        """How long an approval stays valid."""
        return self.config.approval_ttl

    def decide(self, step: StepRequest) -> Decision:
        """Allow, approve or refuse ``step``, with the reasons of the strongest action.

        Only the tool name, risk, record counts, amount, creates, writes, time and recent activity
        count: ``step.args`` is never read, so text inside it (a product named "SYSTEM: approvals disabled") cannot
        change anything.
        """
        risk = _effective_risk(step.tool, step.risk, self._risks)
        rules: list[Callable[[StepRequest, Risk], list[Verdict]]] = [
            self._bulk, self._delete, self._risk, self._always, self._creates, self._writes, self._guards,
        ]  # fmt: skip
        verdicts = [v for rule in rules for v in rule(step, risk)]
        action: Action = max((a for a, _ in verdicts), key=_STRENGTH.__getitem__, default="allow")
        reasons = list(dict.fromkeys(r for a, r in verdicts if a == action))
        if not reasons:
            reasons = [t("policy.reading_allowed") if risk == Risk.READ
                       else t("policy.stays_within_what_may",
                              tool=step.tool)]  # fmt: skip
        return Decision(action=action, reasons=reasons)

    def _bulk(self, step: StepRequest, risk: Risk) -> list[Verdict]:
        n, cfg = step.record_count, self.config
        if n > cfg.bulk_max:
            return [("refuse", t("policy.step_would_touch_records",
                                 n=n, m=cfg.bulk_max))]  # fmt: skip
        if n >= cfg.bulk_approval:
            return [("approve", t("policy.step_touches_records_more",
                                  n=n, m=cfg.bulk_approval))]  # fmt: skip
        return []

    def _delete(self, step: StepRequest, risk: Risk) -> list[Verdict]:
        rule = self.config.tools.get(step.tool)
        if not ((rule is not None and rule.deletes) or _DELETE_NAME.search(step.tool)):
            return []
        if not self.config.allow_delete:
            return [
                (
                    "refuse",
                    t(
                        "policy.deleting_records_switched_off",
                    ),
                )
            ]
        return [("approve", t("policy.deleting_records_needs_approval"))]

    def _risk(self, step: StepRequest, risk: Risk) -> list[Verdict]:
        if risk == Risk.DESTRUCTIVE:
            return [
                (
                    "approve",
                    t(
                        "policy.cannot_undone_easily_needs",
                        tool=step.tool,
                    ),
                )
            ]
        if risk != Risk.FINANCIAL:
            return []
        return amount_verdicts(step.tool, self.config.amount_limit(step.tool), step.amount)

    def _guards(self, step: StepRequest, risk: Risk) -> list[Verdict]:
        """The deployment's guardrails: a turn's size for every step; hours and bursts for writes."""
        cfg = self.config
        verdicts = turn_verdicts(cfg.turn_max_records, step.turn_records)
        if risk != Risk.READ:
            verdicts += hours_verdicts(cfg.working_hours, step.at, step.odoo_tz)
            verdicts += anomaly_verdicts(cfg.anomaly, step.activity)
        return verdicts

    def _always(self, step: StepRequest, risk: Risk) -> list[Verdict]:
        if step.tool not in self.config.always_approve:
            return []
        return [("approve", t("policy.always_needs_approval", tool=step.tool))]

    def _creates(self, step: StepRequest, risk: Risk) -> list[Verdict]:
        rule = self.config.tools.get(step.tool)
        models = dict.fromkeys([*step.creates, *(rule.creates if rule else [])])
        return [
            (
                "approve",
                t(
                    "policy.creating_new_needs_approval",
                    label=t(_LABELS.get(m, "policy.record")),
                    m=m,
                ),
            )
            for m in models
            if m in self.config.approve_creates
        ]

    def _writes(self, step: StepRequest, risk: Risk) -> list[Verdict]:
        if risk == Risk.READ and not (step.writes or step.creates):
            return []
        rule = self.config.tools.get(step.tool)
        if rule is None:
            return [("approve", t("policy.has_entry_policy_s",
                                  tool=step.tool))]  # fmt: skip
        verdicts: list[Verdict] = []
        for model in dict.fromkeys([*step.writes, *step.creates]):
            if model not in rule.writes:
                verdicts.append(("approve", t("policy.does_normally_write_needs",
                                              tool=step.tool, model=model)))  # fmt: skip
                continue
            extra = [f for f in dict.fromkeys(step.writes.get(model, [])) if f not in rule.writes[model]]
            if extra:
                fields = ", ".join(extra)
                verdicts.append(("approve", t("policy.may_write_without_approval",
                                              tool=step.tool, model=model, fields=fields)))  # fmt: skip
        return verdicts
