"""Who may approve what, checked with Odoo itself: the approver's own key authenticates, Odoo says their groups.

A policy may name, per risk or per tool, the Odoo groups (external ids) or logins whose members may approve,
and ask for four eyes (the approver is another Odoo user than the one the agent runs as). The person
approving gives their own Odoo login and API key (never stored: it lives in the run's context only); the
agent signs in with it, reads who that is and asks Odoo ``res.users.has_group`` for each group a rule
names. Without a rule, approvals are recorded as given by the local user, unverified.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.client.errors import OdooAuthError, OdooError
from odoo_tools.i18n import t
from odoo_tools.registry import Risk

if TYPE_CHECKING:  # the settings import this module for ApproverCredential: no HTTP client for them
    from odoo_tools.client import OdooClient

__all__ = [
    "ApproverCredential", "ApproverRefused", "ApproverRule", "Reviewer", "VerifiedApprover", "verify_approver",
    "verify_user",
]  # fmt: skip


class Reviewer(BaseModel):
    """Who reviews inside Odoo: one login, or the members of a group (external id)."""

    model_config = ConfigDict(extra="forbid")

    login: str | None = None
    group: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Reviewer:
        if (self.login is None) == (self.group is None):
            raise ValueError(t("policy.reviewer_login_or_group"))
        return self


class ApproverRule(BaseModel):
    """Steps of these risks or tools may be approved only by members of these groups or these logins."""

    model_config = ConfigDict(extra="forbid")

    risks: list[Risk] = Field(default_factory=list, description="Steps of these risks (write, financial, …)")
    tools: list[str] = Field(default_factory=list, description="Steps of these tools")
    groups: list[str] = Field(default_factory=list, description="Odoo groups by external id, any of them")
    logins: list[str] = Field(default_factory=list, description="Odoo logins, any of them")
    four_eyes: bool = Field(default=False, description="The approver is not the Odoo user the agent runs as")
    reviewer: Reviewer | None = Field(
        default=None, description="Who gets the approval as an Odoo activity (a login or a group), to approve in Odoo"
    )

    @model_validator(mode="after")
    def _says_what_and_who(self) -> ApproverRule:
        if not self.risks and not self.tools:
            raise ValueError(t("policy.approver_rule_needs_steps"))
        if not self.groups and not self.logins and not self.four_eyes:
            raise ValueError(t("policy.approver_rule_needs_who"))
        bad = [g for g in self.groups if "." not in g]
        if bad:
            raise ValueError(t("policy.approver_group_not_xmlid", groups=", ".join(bad)))
        return self

    def covers(self, tool: str, risk: Risk) -> bool:
        return tool in self.tools or risk in self.risks


class ApproverCredential(BaseModel):
    """The approving person's own Odoo login and API key, for one run (never checkpointed or logged)."""

    login: str = Field(min_length=1)
    api_key: SecretStr

    def connection(self, server: ConnectionConfig) -> ConnectionConfig:
        """This person's own connection to ``server`` (same URL, database and context; their login and key)."""
        return server.model_copy(update={"username": self.login, "api_key": self.api_key})


class VerifiedApprover(BaseModel):
    """Who Odoo says approved: their user id, login and name."""

    uid: int
    login: str
    name: str


class ApproverRefused(Exception):
    """The person may not approve these steps (said in one sentence)."""


def verify_approver(agent: OdooClient, rules: Iterable[ApproverRule],
                    credential: ApproverCredential | None) -> VerifiedApprover:  # fmt: skip
    """Sign in with ``credential`` on the agent's server and check every rule; ``ApproverRefused`` says why not."""
    rules = list(rules)
    if credential is None:
        raise ApproverRefused(t("approvers.credential_needed", who=_who(rules)))
    from odoo_tools.client import OdooClient

    with OdooClient(
        credential.connection(agent.config)
    ) as own:  # no metadata cache: this person's connection is checked afresh
        try:
            user = own.connect()
        except OdooAuthError:
            raise ApproverRefused(t("approvers.key_refused", login=credential.login)) from None
        approver = VerifiedApprover(uid=user.uid, login=user.login, name=user.name)
        # asked with the approver's own key, about themselves: Odoo allows it to any internal user
        _check(own, rules, approver, agent.uid)
    return approver


def verify_user(agent: OdooClient, rules: Iterable[ApproverRule], uid: int) -> VerifiedApprover:
    """The Odoo user ``uid`` (who marked a review activity done, as Odoo recorded it) against every rule, asked
    with the agent's own key; ``ApproverRefused`` says why not."""
    rows = agent.read("res.users", [uid], ["login", "name"])
    if not rows:
        raise ApproverRefused(t("approvers.user_gone", uid=uid))
    approver = VerifiedApprover(uid=uid, login=rows[0]["login"], name=rows[0]["name"])
    _check(agent, list(rules), approver, agent.uid)
    return approver


def _check(asker: OdooClient, rules: list[ApproverRule], approver: VerifiedApprover, agent_uid: int) -> None:
    for rule in rules:
        if rule.four_eyes and approver.uid == agent_uid:
            raise ApproverRefused(t("approvers.four_eyes", login=approver.login))
        if (rule.groups or rule.logins) and not _allowed(asker, approver, rule):
            raise ApproverRefused(t("approvers.not_allowed", login=approver.login, who=_who([rule])))


def _allowed(asker: OdooClient, approver: VerifiedApprover, rule: ApproverRule) -> bool:
    if approver.login in rule.logins:
        return True
    for group in rule.groups:
        try:
            if asker.call("res.users", "has_group", [approver.uid], group_ext_id=group):
                return True
        except OdooError as exc:  # a portal user may not ask; an unknown group is the policy's mistake
            raise ApproverRefused(t("approvers.group_unreadable", group=group, error=exc.summary)) from None
    return False


def _who(rules: list[ApproverRule]) -> str:
    groups = sorted({g for r in rules for g in r.groups})
    logins = sorted({x for r in rules for x in r.logins})
    named = [*(t("approvers.member_of", group=g) for g in groups), *logins]
    return t("approvers.or").join(named) if named else t("approvers.another_user")
