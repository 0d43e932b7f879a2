"""One Odoo client over JSON-2, JSON-RPC or XML-RPC, with one public API on all three."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from odoo_tools.client import cassette, idempotency
from odoo_tools.client.clock import get_clock
from odoo_tools.client.compat import normalize_group_rows, parse_major
from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.client.errors import (
    OdooAccessError,
    OdooAuthError,
    OdooConnectionError,
    OdooDatabaseNotFoundError,
    OdooError,
    OdooMissingRecordError,
    OdooNotFoundError,
    OdooServerError,
    OdooTimeoutError,
    OdooUnavailableError,
    OdooValidationError,
    OdooWriteOutcomeUnknownError,
)
from odoo_tools.client.http import CallListener, CallStats, HttpSeam, RequestNotSentError, timed
from odoo_tools.client.metacache import MetadataCache, Snapshot, UserInfo
from odoo_tools.client.transports import NONE_COMMITTED, TRANSPORTS, Transport
from odoo_tools.i18n import t

__all__ = ["BUSINESS_MODULES", "OdooClient", "UserInfo"]

log = logging.getLogger(__name__)

BUSINESS_MODULES = (
    "sale", "crm", "purchase", "stock", "account", "project", "hr", "hr_expense",
    "hr_holidays", "fleet", "mrp", "calendar", "website_sale", "helpdesk",
)  # fmt: skip
# Methods that change nothing: safe to retry after a timeout.
READ_METHODS = frozenset(
    {
        "search_read", "read", "search", "search_count", "name_search", "fields_get",
        "read_group", "formatted_read_group", "web_search_read", "web_read", "default_get",
        "context_get", "check_access_rights", "has_access", "version",
    }
)  # fmt: skip
_FIELD_ATTRIBUTES = ["string", "type", "required", "readonly", "relation", "selection"]
# Answers that say the cached metadata may no longer hold: the key was revoked or its rights changed,
# the database is gone, or a model or field is unknown (a module was removed or the server upgraded).
_STALE_METADATA = (OdooAuthError, OdooAccessError, OdooDatabaseNotFoundError, OdooNotFoundError)


def _may_have_landed(exc: OdooError) -> bool:
    """Whether a failed write may still have been committed by Odoo.

    Anything that broke after the request left: a timeout, a connection closed or reset, a proxy's
    502/503/504, or a 5xx page that is not Odoo's own error object (Odoo's JSON errors roll back).
    Only a connection that never opened proves nothing was sent.
    """
    if isinstance(exc, RequestNotSentError | OdooWriteOutcomeUnknownError):
        return False
    if isinstance(exc, OdooTimeoutError | OdooUnavailableError):
        return True
    return isinstance(exc, OdooServerError) and isinstance(exc.data, dict) and "body" in exc.data


def _nothing() -> None:
    return None


class OdooClient:
    """Talk to one Odoo database.

    Example:
        >>> client = OdooClient(ConnectionConfig(url="https://erp.example.com", db="prod",
        ...                                      username="bot@example.com", api_key="..."))
        >>> client.search_read("res.partner", [["is_company", "=", True]], ["name"], limit=5)

    Connects lazily on the first call. Every call carries the default context
    (``allowed_company_ids``, ``lang``, ``tz``). Caches (version, modules, fields) live as
    long as the object: make a new client, or call ``reset_caches()``, for a new session.

    With ``metadata`` (a ``MetadataCache``) they also outlive the process: a new client whose
    cache holds a fresh entry for this URL, database and key connects with one call that proves
    the key (``context_get``, or ``authenticate`` over RPC) instead of the handshake, and reads
    the modules, fields and access rights it needs from the entry.
    """

    def __init__(
        self, config: ConnectionConfig, *, seam: HttpSeam | None = None, metadata: MetadataCache | None = None
    ) -> None:
        self.config = config
        self.seam = seam or HttpSeam(config.url, config.timeout)
        self.metadata = metadata
        self._snapshot: Snapshot | None = None  # the entry being used and kept up to date, when cached
        self.stats = CallStats()
        self._transport: Transport | None = None
        self.transport_note: str | None = None
        self.version_info: list[Any] = []
        self.server_version: str = ""
        self.user: UserInfo | None = None
        self.companies: dict[int, str] = {}
        self.currencies: dict[int, list[Any]] = {}  # company id → [currency id, name], read with the companies
        # Called after every call that may write (model, method, ids): what was read before may be stale.
        self.write_listeners: list[Callable[[str, str, list[int] | None], None]] = []
        # Called before every HTTP attempt, handshake and retries included: a rate limit waits here.
        self.before_request: Callable[[], object] = _nothing
        self.context: dict[str, Any] = {}
        self._early: threading.Thread | None = None  # a handshake started by connect_soon, not yet awaited
        self._early_error: BaseException | None = None
        self.early_from = 0  # the call count when connect_soon started: its calls come after
        self.reset_caches()

    def __repr__(self) -> str:
        return f"OdooClient({self.config!r})"

    @property
    def call_listeners(self) -> list[CallListener]:
        """Who is told of each HTTP attempt this client makes, once it ended (handshake and retries included):
        ``stats.subscribe(listener)`` adds one, ``stats.unsubscribe`` removes it (the audit log's call rows)."""
        return self.stats.listeners

    def __enter__(self) -> OdooClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the HTTP connections."""
        self.seam.close()

    def reset_caches(self) -> None:
        """Forget what was cached for this session (modules, fields, access rights); see ``forget_metadata``."""
        self._modules: set[str] | None = None
        self._modules_cached = False  # the list above came from the metadata cache, not from this session
        self._fields: dict[str, dict[str, dict[str, Any]]] = {}
        self._access: dict[str, bool] = {}

    def forget_metadata(self) -> bool:
        """Drop this connection's entry from the metadata cache (the next process redoes the handshake)."""
        self._snapshot = None
        return self.metadata.clear(self.config) if self.metadata is not None else False

    def _remember(self, **update: Any) -> None:
        """Add what was just learned to the cached entry and write it."""
        if self._snapshot is None or self.metadata is None:
            return
        self._snapshot = self._snapshot.model_copy(update=update)
        self.metadata.save(self._snapshot)

    # -- connection ------------------------------------------------------------------------

    def connect_soon(self) -> None:
        """Start the handshake on a thread and return: a new process imports its graph meanwhile, so the
        network wait of the first request overlaps the start-up's CPU. The first use of the connection
        waits for it and raises what it raised; nothing else is sent before it ends, so the requests go
        out in the order a cassette holds them."""
        if self._early is not None or self._transport is not None:
            return

        def run() -> None:
            try:
                self._handshake()
            except BaseException as exc:
                self._early_error = exc

        self.early_from = self.stats.count
        self._early = threading.Thread(target=run, name="odoo-handshake", daemon=True)
        self._early.start()

    @property
    def connecting_early(self) -> bool:
        """A handshake ``connect_soon`` started and no use of the connection has awaited yet."""
        return self._early is not None

    def wait_early(self) -> None:
        """Let a handshake ``connect_soon`` started finish (what it raised is kept for the next use)."""
        early = self._early
        if early is not None and early is not threading.current_thread():
            early.join()

    def _await_early(self) -> None:
        early = self._early
        if early is None or early is threading.current_thread():  # the handshake's own requests go through
            return
        self._early = None
        early.join()
        error, self._early_error = self._early_error, None
        if error is not None:
            raise error

    @property
    def transport(self) -> Transport:
        """The connected transport (connects on first use)."""
        self._await_early()
        if self._transport is None:
            self.connect()
        assert self._transport is not None
        return self._transport

    @property
    def uid(self) -> int:
        """The API user's id, from the handshake already made (connecting once if none was).

        Never a second ``connect()``: that would redo the handshake and reset the context
        (``allowed_company_ids``) a thread chose with ``use_company``.
        """
        self._await_early()
        if self.user is None:
            self.connect()
        assert self.user is not None
        return self.user.uid

    @property
    def major(self) -> int:
        """The server's major version (17, 18, 19 ...)."""
        self.transport  # noqa: B018 - connect first
        return parse_major(self.version_info)

    def _make(self, name: str) -> Transport:
        return TRANSPORTS[name](self.seam, self.config.db, self.config.username, self.config.api_key)

    def _probe_version(self) -> tuple[dict[str, Any], str]:
        """Ask the version without credentials; on ``auto`` pick the transport from it."""
        choice = self.config.transport

        def version(name: str) -> dict[str, Any]:
            self.before_request()
            with timed(self.stats, "common", "version", name):
                return self._make(name).version()

        if choice != "auto":
            return self._retrying(lambda: version(choice), "version"), choice
        try:
            info = self._retrying(lambda: version("json2"), "version")
        except OdooConnectionError as exc:
            if isinstance(exc, RequestNotSentError | OdooTimeoutError):
                raise
            # No /web/version: before 19, or a proxy exposing only XML-RPC.
            return self._retrying(lambda: version("xmlrpc"), "version"), "xmlrpc"
        major = parse_major(info["server_version_info"])
        return info, "json2" if major >= 19 else "xmlrpc"

    def connect(self) -> UserInfo:
        """Detect the version, pick the transport, authenticate and load the user's context.

        From the metadata cache when it holds a fresh entry: then only the key is checked.
        """
        self._await_early()
        return self._handshake()

    def _handshake(self) -> UserInfo:
        try:
            return self._connect_cached() or self._connect()
        except OdooDatabaseNotFoundError as exc:
            raise OdooDatabaseNotFoundError(
                t("client.database_missing", db=repr(self.config.db), url=self.config.url), data=exc.data
            ) from None

    def _connect(self) -> UserInfo:
        info, name = self._probe_version()
        self.version_info = list(info.get("server_version_info") or [])
        if self.config.transport == "auto" and name == "xmlrpc" and parse_major(self.version_info) >= 19:
            self.transport_note = t("client.only_xmlrpc_answered")
        self.server_version = str(info.get("server_version") or "")
        transport = self._make(name)
        try:
            self.before_request()
            with timed(self.stats, "common", "authenticate", name):
                transport.authenticate()
        except OdooConnectionError as exc:
            if self.config.transport != "auto" or name != "json2" or isinstance(exc, OdooTimeoutError):
                raise
            transport = self._fall_back_to_xmlrpc(t("client.json2_unreachable"))
        except OdooAuthError:
            if self.config.transport != "auto" or name != "json2":
                raise
            # JSON-2 takes API keys only; a password still works over XML-RPC.
            transport = self._fall_back_to_xmlrpc(t("client.json2_refused_credential"))
        self._transport = transport
        self.context = {k: v for k, v in (("lang", self.config.lang), ("tz", self.config.tz)) if v}
        user_fields = ["name", "login", "lang", "tz", "company_id", "company_ids", "partner_id"]
        row = self.read("res.users", [transport.uid or 0], user_fields)[0]
        self.user = UserInfo(
            uid=row["id"], name=row["name"], login=row["login"], lang=row["lang"] or None,
            tz=row["tz"] or None, company_id=row["company_id"][0], company_ids=row["company_ids"],
            partner_id=row["partner_id"][0] if row["partner_id"] else None,
        )  # fmt: skip
        companies = self.read("res.company", self.user.company_ids, ["name", "currency_id"])
        self.companies = {c["id"]: c["name"] for c in companies}
        self.currencies = {c["id"]: list(c["currency_id"]) for c in companies if c["currency_id"]}
        self._set_context()
        cassette.annotate(odoo_server_version=self.server_version, odoo_transport=name)
        if self.metadata is not None and self.metadata.enabled:
            self._snapshot = Snapshot(
                url=self.config.url, db=self.config.db, login=self.config.username,
                credential=self.metadata.credential(self.config), transport_choice=self.config.transport,
                fetched_at=get_clock().now(), proven_at=get_clock().now(), transport=transport.name,
                transport_note=self.transport_note,
                server_version=self.server_version, version_info=self.version_info, user=self.user,
                companies=self.companies, currencies=self.currencies,
                modules=sorted(self._modules) if self._modules is not None else None,
                fields_lang=self.context["lang"], fields=dict(self._fields), access=dict(self._access),
            )  # fmt: skip
            self.metadata.save(self._snapshot)
        return self.user

    def _set_context(self) -> None:
        assert self.user is not None
        self.context = {
            "lang": self.config.lang or self.user.lang or "en_US",
            "tz": self.config.tz or self.user.tz or "UTC",
            "allowed_company_ids": [self._pick_company()],
        }

    def _connect_cached(self) -> UserInfo | None:
        """Connect from the metadata cache with one call proving the key (none when another process proved it
        less than ``proof_ttl`` ago); None when the handshake is needed.

        A refused key, a dropped database or any other failure of that call drops the entry and
        answers None: the full handshake then runs and says what is wrong as it always did. Only a
        server that cannot be reached is raised at once (the handshake would fail the same way).
        """
        snap = self.metadata.load(self.config) if self.metadata is not None else None
        if snap is None or self.metadata is None:
            return None
        transport = self._make(snap.transport)
        if self.metadata.proven_recently(snap):
            transport.assume(snap.user.uid)
            return self._use_snapshot(transport, snap)

        def prove() -> int:
            self.before_request()
            with timed(self.stats, "common", "authenticate", transport.name):
                return transport.authenticate()

        try:
            uid = self._retrying(prove, "context_get")
        except (RequestNotSentError, OdooTimeoutError):
            raise
        except OdooError as exc:
            log.info("cached connection metadata dropped: %s", exc.summary)
            self.forget_metadata()
            return None
        said = transport.user_context or {}
        if uid != snap.user.uid or any(
            key in said and (said[key] or None) != getattr(snap.user, key) for key in ("lang", "tz")
        ):  # another user behind the key, or the user changed language or timezone: learn it all again
            self.forget_metadata()
            return None
        snap = snap.model_copy(update={"proven_at": get_clock().now()})
        self.metadata.save(snap)
        return self._use_snapshot(transport, snap)

    def _use_snapshot(self, transport: Transport, snap: Snapshot) -> UserInfo:
        self._transport, self._snapshot = transport, snap
        self.version_info, self.server_version = list(snap.version_info), snap.server_version
        self.transport_note, self.user, self.companies = snap.transport_note, snap.user, dict(snap.companies)
        self.currencies = dict(snap.currencies)
        self._set_context()
        self._modules = set(snap.modules) if snap.modules is not None else None
        self._modules_cached = snap.modules is not None
        if snap.fields_lang == self.context["lang"]:
            self._fields = dict(snap.fields)
        else:  # labels are translated: the fields of another language are not these
            self._snapshot = snap.model_copy(update={"fields_lang": self.context["lang"], "fields": {}})
        self._access = dict(snap.access)
        cassette.annotate(odoo_server_version=self.server_version, odoo_transport=transport.name)
        return self.user

    def _fall_back_to_xmlrpc(self, why: str) -> Transport:
        transport = self._make("xmlrpc")
        self.before_request()
        with timed(self.stats, "common", "authenticate", "xmlrpc"):
            transport.authenticate()
        self.transport_note = t("client.using_xmlrpc", why=why)
        return transport

    def use_company(self, company_id: int) -> None:
        """Act in another of the user's companies from now on (it goes in every call's context)."""
        self.transport  # noqa: B018 - connect first
        if company_id not in self.companies:
            raise OdooValidationError(t("client.company_not_allowed", company=company_id))
        self.context = {**self.context, "allowed_company_ids": [company_id]}

    def _pick_company(self) -> int:
        assert self.user is not None
        wanted = self.config.company
        if not wanted:
            return self.user.company_id
        if wanted.isdigit() and int(wanted) in self.companies:
            return int(wanted)
        for cid, name in self.companies.items():
            if name.casefold() == wanted.strip().casefold():
                return cid
        allowed = ", ".join(f"{n} ({i})" for i, n in self.companies.items())
        raise OdooValidationError(t("client.odoo_company_not_allowed", wanted=repr(wanted), allowed=allowed))

    # -- the one execution path --------------------------------------------------------------

    def _retrying(self, fn: Callable[[], Any], method: str) -> Any:
        def retryable(exc: BaseException) -> bool:
            if isinstance(exc, RequestNotSentError):
                return True
            return method in READ_METHODS and isinstance(exc, OdooTimeoutError | OdooUnavailableError)

        replaying = (active := cassette.active()) is not None and active.replaying
        retrying = Retrying(
            stop=stop_after_attempt(self.config.max_retries + 1),
            wait=wait_exponential(multiplier=0 if replaying else 0.5, max=8),
            retry=retry_if_exception(retryable),
            reraise=True,
        )
        return retrying(fn)

    def execute(self, model: str, method: str, ids: list[int] | None = None, **kwargs: Any) -> Any:
        """Call any public model method; the default context is merged under ``context``.

        Reads are retried on connection failures and timeouts; writes only when the
        connection failed before the request was sent.
        """
        transport = self.transport
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        if self.context:
            kwargs["context"] = {**self.context, **kwargs.get("context", {})}

        def once() -> Any:
            self.before_request()
            with timed(self.stats, model, method, transport.name):
                return transport.execute(model, method, ids, kwargs)

        try:
            result = self._retrying(once, method)
        except OdooError as exc:
            self._wrote(model, method, ids)
            if isinstance(exc, _STALE_METADATA) and self.metadata is not None:
                self._access.clear()
                self.forget_metadata()
            if method in READ_METHODS or not _may_have_landed(exc):
                raise
            raise OdooWriteOutcomeUnknownError(
                t("client.write_no_answer", model=model, method=method, summary=exc.summary),
                model=model, method=method,
            ) from exc  # fmt: skip
        self._wrote(model, method, ids)
        if result is NONE_COMMITTED:
            return self._confirm_none(model, method, ids)
        return result

    def _wrote(self, model: str, method: str, ids: list[int] | None) -> None:
        if method not in READ_METHODS:
            for listener in self.write_listeners:
                listener(model, method, ids)

    def _confirm_none(self, model: str, method: str, ids: list[int] | None) -> None:
        """XML-RPC could not send a ``None`` result, but the call committed: re-read to be sure."""
        if ids:
            found = self.search_count(model, [["id", "in", ids]])
            if found != len(set(ids)):
                raise OdooMissingRecordError(t("client.records_gone", model=model, method=method, ids=ids))
        log.info("%s.%s returned None (committed; XML-RPC cannot send None)", model, method)
        return None

    # -- public API ----------------------------------------------------------------------------

    def search_read(
        self, model: str, domain: list[Any] | None = None, fields: list[str] | None = None, *,
        offset: int = 0, limit: int | None = None, order: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:  # fmt: skip
        """Search and read in one call; always name ``fields``."""
        rows: list[dict[str, Any]] = self.execute(
            model, "search_read", domain=domain or [], fields=fields, offset=offset or None,
            limit=limit, order=order, context=context,
        )  # fmt: skip
        return rows

    def read(self, model: str, ids: list[int], fields: list[str] | None = None) -> list[dict[str, Any]]:
        """Read records by id (missing ids are silently absent, as in Odoo)."""
        rows: list[dict[str, Any]] = self.execute(model, "read", ids, fields=fields)
        return rows

    def search(
        self, model: str, domain: list[Any] | None = None, *, offset: int = 0,
        limit: int | None = None, order: str | None = None,
    ) -> list[int]:  # fmt: skip
        """Ids of the matching records."""
        ids: list[int] = self.execute(
            model, "search", domain=domain or [], offset=offset or None, limit=limit, order=order
        )
        return ids

    def search_count(self, model: str, domain: list[Any] | None = None, *, limit: int | None = None) -> int:
        """How many records match (stops counting at ``limit``)."""
        count: int = self.execute(model, "search_count", domain=domain or [], limit=limit)
        return count

    def name_search(
        self,
        model: str,
        name: str,
        domain: list[Any] | None = None,
        *,
        operator: str = "ilike",
        limit: int = 8,
    ) -> list[tuple[int, str]]:
        """Odoo's fuzzy lookup: ``[(id, display_name), ...]``."""
        rows = self.execute(model, "name_search", name=name, domain=domain or [], operator=operator, limit=limit)
        return [(int(i), str(n)) for i, n in rows]

    def create(self, model: str, vals: dict[str, Any], *, idempotency_key: str | None = None) -> int:
        """Create one record and return its id.

        With ``idempotency_key`` a timed-out create is never blindly re-sent: the key is
        looked up first (see ``odoo_tools.idempotency``) and the existing record returned.
        """
        if idempotency_key is None:
            return self._create_list(model, [vals])[0]
        return idempotency.create_once(self, model, vals, idempotency_key)

    def create_read(self, model: str, vals: dict[str, Any], specification: dict[str, Any], *,
                    idempotency_key: str | None = None) -> dict[str, Any]:  # fmt: skip
        """Create one record and read it back (``web_read``'s shapes) in one call (``web_save``, Odoo 17+);
        ``idempotency_key`` as for ``create``."""
        if idempotency_key is None:
            return self.web_save(model, vals, specification)
        return idempotency.create_once_read(self, model, vals, idempotency_key, specification)

    def web_save(self, model: str, vals: dict[str, Any], specification: dict[str, Any]) -> dict[str, Any]:
        """Create a record from ``vals`` and answer with it read by ``specification``: one call."""
        rows = self.execute(model, "web_save", [], vals=vals, specification=specification)
        return dict(rows[0])

    def create_many(self, model: str, vals_list: list[dict[str, Any]]) -> list[int]:
        """Create several records in one call (one transaction)."""
        return self._create_list(model, vals_list)

    def _create_list(self, model: str, vals_list: list[dict[str, Any]]) -> list[int]:
        result = self.execute(model, "create", vals_list=vals_list)
        # XML-RPC returns an int for one dict, JSON-2 always a list; we always send a list.
        return [int(result)] if isinstance(result, int) else [int(i) for i in result]

    def write(self, model: str, ids: list[int], vals: dict[str, Any]) -> bool:
        """Write the same values on every record."""
        return bool(self.execute(model, "write", ids, vals=vals))

    def unlink(self, model: str, ids: list[int]) -> bool:
        """Delete records (the agent's policy refuses this by default; the client allows it)."""
        return bool(self.execute(model, "unlink", ids))

    def call(self, model: str, method: str, ids: list[int] | None = None, **kwargs: Any) -> Any:
        """Call a business method such as ``action_confirm``; ``None`` results are verified."""
        return self.execute(model, method, ids, **kwargs)

    def user_partner(self) -> int:
        """The API user's own contact (``res.partner``), read with the user at the handshake."""
        self.transport  # noqa: B018 - connect first
        assert self.user is not None
        if self.user.partner_id is None:  # an entry cached before the handshake read it
            row = self.read("res.users", [self.user.uid], ["partner_id"])[0]
            self.user = self.user.model_copy(update={"partner_id": row["partner_id"][0]})
        return int(self.user.partner_id or 0)

    def company_currency(self, company_id: int) -> tuple[int, str]:
        """(id, name) of a company's currency: known from the handshake for the user's companies."""
        self.transport  # noqa: B018 - connect first
        if company_id not in self.currencies:
            row = self.read("res.company", [company_id], ["currency_id"])[0]
            self.currencies[company_id] = list(row["currency_id"])
        currency = self.currencies[company_id]
        return int(currency[0]), str(currency[1])

    def web_read(self, model: str, ids: list[int], specification: dict[str, Any]) -> list[dict[str, Any]]:
        """Records with related records nested, in one call (Odoo 17+): a field's spec ``{"fields": {...}}``
        reads the records it points to; a many2one comes back as ``{"id", <fields>}`` or ``False``."""
        rows: list[dict[str, Any]] = self.execute(model, "web_read", ids, specification=specification)
        return rows

    def web_search_read(
        self, model: str, domain: list[Any], specification: dict[str, Any], *, offset: int = 0,
        limit: int | None = None, order: str | None = None, context: dict[str, Any] | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:  # fmt: skip
        """How many records match and one page of them, in one call (Odoo 17+): a count and a top-N
        without a second ``search_count``."""
        out: dict[str, Any] = self.execute(
            model, "web_search_read", domain=domain, specification=specification, offset=offset or None,
            limit=limit, order=order, context=context,
        )  # fmt: skip
        return int(out["length"]), list(out["records"])

    def fields_get(self, model: str) -> dict[str, dict[str, Any]]:
        """The model's fields with their main attributes (cached per session)."""
        self.transport  # noqa: B018 - connect first: a cached connection brings the fields
        if model not in self._fields:
            # Naming the attributes avoids the XML-RPC None trap and keeps answers small.
            self._fields[model] = self.execute(model, "fields_get", attributes=_FIELD_ATTRIBUTES)
            self._remember(fields=dict(self._fields))
        return self._fields[model]

    def has_field(self, model: str, field: str) -> bool:
        """True when the model has that field on this server."""
        return field in self.fields_get(model)

    def read_group(
        self, model: str, domain: list[Any], groupby: list[str], aggregates: list[str], *,
        limit: int | None = None, order: str | None = None,
    ) -> list[dict[str, Any]]:  # fmt: skip
        """Grouped totals; rows are ``{group: value, "field:agg": total, "__count": n}`` on every version.

        Odoo 19 uses ``formatted_read_group`` (``read_group`` is deprecated there);
        17 and 18 use ``read_group(..., lazy=False)`` and are normalised to the same shape.
        """
        if self.major >= 19:
            groups: list[dict[str, Any]] = self.execute(
                model, "formatted_read_group", domain=domain, groupby=groupby,
                aggregates=[*aggregates, "__count"], limit=limit, order=order,
            )  # fmt: skip
            return groups
        rows = self.execute(
            model, "read_group", domain=domain, fields=[a for a in aggregates if a != "__count"],
            groupby=groupby, lazy=False, limit=limit, orderby=order,
        )  # fmt: skip
        return normalize_group_rows(rows, aggregates)

    def installed_modules(self, *, confirm: bool = False) -> set[str]:
        """Which business modules are installed (cached per session).

        ``confirm``: when the list came from the metadata cache, ask Odoo again (before refusing a
        tool for a module the cache says is absent: it may have been installed since). A list that
        differs from the cached one drops the cache: the fields and rights may have changed too.
        """
        self.transport  # noqa: B018 - connect first: a cached connection brings the list
        if self._modules is None or (confirm and self._modules_cached):
            rows = self.search_read(
                "ir.module.module",
                [["name", "in", list(BUSINESS_MODULES)], ["state", "=", "installed"]],
                ["name"],
            )
            cached, self._modules, self._modules_cached = self._modules, {r["name"] for r in rows}, False
            if cached is not None and cached != self._modules:
                log.info("installed modules changed since they were cached: cached metadata dropped")
                self._fields.clear()
                self._access.clear()
                self.forget_metadata()
            self._remember(modules=sorted(self._modules))
        return self._modules

    def can(self, model: str, operation: str = "read") -> bool:
        """Whether the API user has ``operation`` rights on ``model`` (ACLs, not record rules; cached per session)."""
        key = f"{model}:{operation}"
        self.transport  # noqa: B018 - connect first: a cached connection brings the rights
        if key not in self._access:
            try:
                self._access[key] = bool(
                    self.execute(model, "check_access_rights", operation=operation, raise_exception=False)
                )
            except OdooError:
                return False  # not an answer about the rights: not kept
            self._remember(access=dict(self._access))
        return self._access[key]

    def can_create_external_ids(self) -> bool:
        """Whether the API user may create ``ir.model.data`` rows (idempotency keys)."""
        return self.can("ir.model.data", "create")
