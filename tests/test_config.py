"""Configuration: precedence of sources, the seed's config.json, and clear errors.

Not cassette tests: nothing here talks to Odoo.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.config import ConfigError, load_settings


def _seed_json(path: Path, **values: object) -> Path:
    data = {"url": "https://seed.example.com", "db": "seed", "username": "seed@example.com",
            "api_key": "seed-key", "timeout": 12, "max_retries": 1, **values}  # fmt: skip
    path.write_text(json.dumps(data))
    return path


def test_seed_config_json_is_read(tmp_path: Path) -> None:
    cfg = load_settings(_seed_json(tmp_path / "config.json")).connection()
    assert (cfg.url, cfg.db, cfg.username, cfg.timeout, cfg.max_retries) == (
        "https://seed.example.com", "seed", "seed@example.com", 12.0, 1,
    )  # fmt: skip
    assert cfg.api_key.get_secret_value() == "seed-key"


def test_config_json_in_the_current_directory_is_found(tmp_path: Path) -> None:
    _seed_json(tmp_path / "config.json")  # the autouse fixture made tmp_path the cwd
    assert load_settings().connection().db == "seed"


def test_precedence_cli_over_env_over_dotenv_over_config_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _seed_json(tmp_path / "config.json", timeout=12)
    (tmp_path / ".env").write_text("ODOO_DB=from-dotenv\nODOO_USERNAME=dotenv@example.com\nODOO_TIMEOUT=13\n")
    monkeypatch.setenv("ODOO_DB", "from-env")
    settings = load_settings(transport="xmlrpc")
    cfg = settings.connection()
    assert cfg.db == "from-env"  # env beats .env
    assert cfg.username == "dotenv@example.com"  # .env beats config.json
    assert cfg.timeout == 13  # .env beats config.json
    assert cfg.url == "https://seed.example.com"  # config.json fills the rest
    assert cfg.transport == "xmlrpc"  # command line beats everything
    monkeypatch.setenv("ODOO_TRANSPORT", "jsonrpc")
    assert load_settings(transport="json2").transport == "json2"


def test_password_is_accepted_when_no_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"ODOO_URL": "http://localhost:8069", "ODOO_DB": "d", "ODOO_USERNAME": "u",
                        "ODOO_PASSWORD": "pw"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    assert load_settings().connection().api_key.get_secret_value() == "pw"


def test_missing_settings_are_named() -> None:
    with pytest.raises(ConfigError, match=r"ODOO_URL, ODOO_DB, ODOO_USERNAME, ODOO_API_KEY not set"):
        load_settings().connection()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ODOO_URL": "erp.example.com"}, "ODOO_URL: 'erp.example.com' is not an http(s) URL"),
        ({"ODOO_URL": "https://erp.example.com/odoo/web"}, "has a path"),
        ({"ODOO_TIMEOUT": "soon"}, "ODOO_TIMEOUT: Input should be a valid number"),
        ({"ODOO_TRANSPORT": "soap"}, "ODOO_TRANSPORT: Input should be 'auto', 'json2', 'jsonrpc' or 'xmlrpc'"),
    ],
)
def test_malformed_values_give_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    base = {"ODOO_URL": "http://localhost:8069", "ODOO_DB": "d", "ODOO_USERNAME": "u", "ODOO_API_KEY": "k"}
    for name, value in {**base, **env}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as err:
        load_settings().connection()
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_malformed_config_json(tmp_path: Path) -> None:
    bad = tmp_path / "config.json"
    bad.write_text("{url: nope")
    with pytest.raises(ConfigError, match="not readable JSON"):
        load_settings(bad)
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.json")


def test_the_key_never_appears_in_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "4f1c0d3b9a7e6f5d4c3b2a1908f7e6d5c4b3a291"
    for name, value in {"ODOO_URL": "http://localhost:8069", "ODOO_DB": "d", "ODOO_USERNAME": "u",
                        "ODOO_API_KEY": secret}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    settings = load_settings()
    cfg = settings.connection()
    for text in (repr(settings), str(settings), repr(cfg), str(cfg), cfg.model_dump_json(), str(cfg.model_dump())):
        assert secret not in text
