"""settings.py: the environment variables, UPSTREAM_BASE_URL and its overrides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from settings import UPSTREAMS, Settings, environment_variables


@pytest.fixture
def env(monkeypatch):
    for var in [*UPSTREAMS.values(), "UPSTREAM_BASE_URL", "HMPPS_AUTH_URL", "HMPPS_AUTH_ISSUER"]:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def test_nothing_configured_is_the_embedded_default(env):
    settings = Settings.from_env()
    assert settings.embedded and settings.auth_url is None


def test_one_base_url_configures_every_upstream_and_hmpps_auth(env):
    env.setenv("UPSTREAM_BASE_URL", "http://127.0.0.1:9090/")
    settings = Settings.from_env()
    assert not settings.embedded
    assert settings.upstream_urls == {name: f"http://127.0.0.1:9090/{name}" for name in UPSTREAMS}
    assert settings.auth_url == "http://127.0.0.1:9090/hmpps-auth"
    assert settings.auth_issuer is None  # the authenticator then expects <auth url>/issuer, HMPPS Auth's convention


def test_a_services_own_variable_and_hmpps_auth_url_override_the_base(env):
    env.setenv("UPSTREAM_BASE_URL", "http://base")
    env.setenv("ALERTS_URL", "https://alerts-api.example/")
    env.setenv("HMPPS_AUTH_URL", "https://sign-in.example/auth")
    settings = Settings.from_env()
    assert settings.upstream_urls["alerts"] == "https://alerts-api.example"
    assert settings.upstream_urls["risks"] == "http://base/risks"
    assert settings.auth_url == "https://sign-in.example/auth"


def test_some_service_urls_without_a_base_are_refused(env):
    env.setenv("ALERTS_URL", "https://alerts-api.example")
    with pytest.raises(SystemExit, match="missing: "):
        Settings.from_env()


def test_the_readme_names_every_service_and_its_variable():

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    [base_row] = [line for line in readme.splitlines() if line.startswith("| `UPSTREAM_BASE_URL` |")]
    assert [name for name in UPSTREAMS if f"`{name}`" not in base_row] == []
    assert [var for var in UPSTREAMS.values() if f"`{var}`" not in readme] == []


DOCUMENTED = ("README.md", "docs/operations.md")
ROW = re.compile(r"^\| (`[A-Z0-9_]+`(?:, `[A-Z0-9_]+`)*) \| ([^|]*) \|", re.MULTILINE)


def documented_defaults() -> dict[str, str]:
    """Each variable in the configuration tables, with the default its row shows (as written)."""
    root = Path(__file__).parents[2]
    found: dict[str, str] = {}
    for name in DOCUMENTED:
        for names, defaults in ROW.findall((root / name).read_text()):
            variables = re.findall(r"`([A-Z0-9_]+)`", names)
            values = [v.strip() for v in defaults.split(",")]
            for i, variable in enumerate(variables):
                found[variable] = values[i] if len(values) == len(variables) else defaults.strip()
    return found


def test_every_variable_is_documented():
    documented = documented_defaults()
    assert [var for var in environment_variables(Settings) if var not in documented] == []


def shown(default: object) -> str | None:
    """A default as the tables write it; None where a table describes it in words instead."""
    if default is None:
        return None
    if isinstance(default, bool):
        return "`on`" if default else "`false`"
    if isinstance(default, float) and default.is_integer():
        return f"`{int(default)}`"
    return f"`{default}`"


def test_the_documented_defaults_are_the_code_s():
    documented = documented_defaults()
    wrong = {
        var: (documented[var], shown(default))
        for var, default in environment_variables(Settings).items()
        if shown(default) is not None and documented.get(var, "").startswith("`") and documented[var] != shown(default)
    }
    assert wrong == {}


@pytest.mark.parametrize(
    ("var", "value", "attribute", "expected"),
    [
        ("MAX_QUERY_DEPTH", "20", ("limits", "max_depth"), 20),
        ("MAX_QUERY_DEPTH", " 20 ", ("limits", "max_depth"), 20),
        ("MAX_QUERY_DEPTH", "", ("limits", "max_depth"), 12),  # empty is unset
        ("UPSTREAM_TIMEOUT_SECONDS", "2.5", ("timeout_seconds",), 2.5),
        ("CACHE_NEAR_TTL_SECONDS", "0", ("caches", "near_ttl_seconds"), 0.0),
        ("BATCHING", "off", ("batching",), False),
        ("BATCHING", "ON", ("batching",), True),
        ("TRUST_SUBJECT_HEADER", "true", ("trust_subject_header",), True),
        ("PRODUCTION", "no", ("production_mode",), False),
        ("PRODUCTION", "", ("production_mode",), None),
        ("REDIS_URL", "redis://cache:6379/0", ("redis_url",), "redis://cache:6379/0"),
        ("REDIS_URL", "", ("redis_url",), None),
        ("METRICS_PORT", "9464", ("metrics_port",), 9464),
        ("METRICS_PORT", "0", ("metrics_port",), None),
        ("MAX_REQUESTS_IN_FLIGHT", "2", ("admission", "max_in_flight"), 2),
    ],
)
def test_a_variable_is_read_as_its_settings_type(env, var, value, attribute, expected):
    env.setenv(var, value)
    read: object = Settings.from_env()
    for name in attribute:
        read = getattr(read, name)
    assert read == expected


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [
        ("MAX_QUERY_DEPTH", "twelve", "MAX_QUERY_DEPTH must be a whole number; not 'twelve'"),
        ("MAX_QUERY_DEPTH", "1.5", "MAX_QUERY_DEPTH must be a whole number"),
        ("MAX_QUERY_DEPTH", "0", "MAX_QUERY_DEPTH must be at least 1"),
        ("MAX_REQUESTS_IN_FLIGHT", "-4", "MAX_REQUESTS_IN_FLIGHT must be at least 1"),
        ("UPSTREAM_TIMEOUT_SECONDS", "nan", "UPSTREAM_TIMEOUT_SECONDS must be at least"),
        ("UPSTREAM_TIMEOUT_SECONDS", "5s", "UPSTREAM_TIMEOUT_SECONDS must be a number; not '5s'"),
        ("CACHE_NEAR_TTL_SECONDS", "-1", "CACHE_NEAR_TTL_SECONDS must be at least 0"),
        ("BATCHING", "of", "BATCHING must be one of 1, true, yes, on, 0, false, no, off; not 'of'"),
    ],
)
def test_a_value_that_is_not_one_stops_the_start_naming_the_variable(env, var, value, message):
    env.setenv(var, value)
    with pytest.raises(SystemExit, match=message.replace(".", r"\.")):
        Settings.from_env()
