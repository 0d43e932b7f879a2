"""The Odoo client of a run, built before the graph is imported so its handshake can start early.

Kept apart from ``agent.runtime`` (which imports the graph, LangGraph and the parser): a new process
builds its client here, starts the handshake on a thread, and only then pays for those imports.
"""

from __future__ import annotations

from pathlib import Path

from agent.config import Settings
from agent.home import check_store, private_home
from odoo_tools.client import ConnectionConfig, MetadataCache, OdooClient, cassette
from odoo_tools.client.ratebuckets import PostgresBucket, SqliteBucket
from odoo_tools.client.ratelimit import Bucket, RateClock, RateLimiter
from odoo_tools.rate_limit import rate_limit_of

__all__ = ["metadata_cache", "open_client", "rate_limiter"]


def metadata_cache(settings: Settings) -> MetadataCache:
    """The connection metadata every process of this home shares (version, user, modules, fields, rights)."""
    return MetadataCache(settings.agent_home / "metadata", ttl=settings.agent_metadata_ttl,
                         proof_ttl=settings.agent_proof_ttl)  # fmt: skip


def _budget_home(home: Path) -> Path:
    """Where the budget lives: a signed-in caller's home (``<home>/users/<id>``, MCP --per-user, LangGraph Server)
    shares the one of the home above it, so callers together stay within one server's budget."""
    return home.parent.parent if home.parent.name == "users" else home


def rate_limiter(settings: Settings, cfg: ConnectionConfig, clock: RateClock | None = None) -> RateLimiter | None:
    """The budget of requests to ``cfg``'s server shared by this home's processes (or by the workers of a Postgres
    checkpointer); None when the policy sets no limit, or in a replay (a replay never waits) unless a test gives
    the ``clock`` that drives the waits."""
    per_minute = rate_limit_of(settings.agent_policy).per_minute
    active = cassette.active()
    if per_minute == 0 or (clock is None and active is not None and active.replaying):
        return None
    url = settings.agent_checkpoint_url
    bucket: Bucket
    if url and url.startswith(("postgres://", "postgresql://")):
        bucket = PostgresBucket(url)
    else:
        bucket = SqliteBucket(_budget_home(settings.agent_home) / "ratelimit.sqlite")
    return RateLimiter(cfg.url.rstrip("/"), per_minute, bucket, clock=clock)


def open_client(settings: Settings, cfg: ConnectionConfig, *, connect_soon: bool = False,
                clock: RateClock | None = None) -> OdooClient:  # fmt: skip
    """The run's client, after the home is made private and a damaged store refused (before Odoo sees
    anything); ``connect_soon`` starts its handshake on a thread (see ``OdooClient.connect_soon``); ``clock``:
    the rate limit's, for tests (see ``rate_limiter``)."""
    private_home(settings.agent_home)
    check_store(settings.agent_home / "threads.sqlite")
    check_store(settings.agent_home / "audit.sqlite")
    client = OdooClient(cfg, metadata=metadata_cache(settings))
    limiter = rate_limiter(settings, cfg, clock)
    if limiter is not None:
        client.before_request = limiter.acquire
    if connect_soon:
        client.connect_soon()
    return client
