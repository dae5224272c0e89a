"""settings.py: the environment variables, UPSTREAM_BASE_URL and its overrides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from settings import UPSTREAMS, Settings


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
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    [base_row] = [line for line in readme.splitlines() if line.startswith("| `UPSTREAM_BASE_URL` |")]
    assert [name for name in UPSTREAMS if f"`{name}`" not in base_row] == []
    assert [var for var in UPSTREAMS.values() if f"`{var}`" not in readme] == []


def test_every_number_setting_is_documented():
    """Each variable settings.py reads as a number or a flag has a row in README.md's configuration
    table or docs/operations.md's."""
    root = Path(__file__).resolve().parents[2]
    names = set(re.findall(r'_(?:int|float|flag)\("([A-Z0-9_]+)"', (root / "settings.py").read_text()))
    assert "ADMISSION_COST_BUDGET" in names  # the pattern finds them
    documented = (root / "README.md").read_text() + (root / "docs" / "operations.md").read_text()
    assert sorted(name for name in names if f"`{name}`" not in documented) == []
