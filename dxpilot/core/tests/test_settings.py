"""Settings read from the environment and fail loudly in production mode."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from dxpilot.core.env import envbool, envint, envlist, require
from dxpilot.testing import REPO


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter, as a deployment would (no pytest loaded)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DXPILOT_")}
    variables = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "dxpilot.settings",
        "DXPILOT_TESTING": "false",
        # Blank values beat a developer's .env (load_dotenv never overrides the environment).
        "DXPILOT_SECRET_KEY": "",
        "DXPILOT_FIELD_KEYS": "",
        **env,
    }
    code = "from django.conf import settings; settings.SECRET_KEY; print('ok')"
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=REPO, env=variables, capture_output=True, text=True
    )


def test_production_mode_refuses_to_start_without_a_secret_key() -> None:
    result = load_settings(DXPILOT_DEBUG="false")
    assert result.returncode != 0
    assert "DXPILOT_SECRET_KEY is required when DXPILOT_DEBUG is false" in result.stderr


def test_production_mode_refuses_to_start_without_field_keys() -> None:
    result = load_settings(DXPILOT_DEBUG="false", DXPILOT_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DXPILOT_FIELD_KEYS is required" in result.stderr


def test_production_mode_starts_with_its_secrets() -> None:
    from cryptography.fernet import Fernet

    result = load_settings(
        DXPILOT_DEBUG="false",
        DXPILOT_SECRET_KEY="x" * 50,
        DXPILOT_FIELD_KEYS=Fernet.generate_key().decode(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_development_mode_starts_without_secrets() -> None:
    assert load_settings(DXPILOT_DEBUG="true").returncode == 0


def test_a_bad_boolean_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DXPILOT_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DXPILOT_X must be true or false"):
        envbool("DXPILOT_X", False)


def test_a_bad_integer_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DXPILOT_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="DXPILOT_N must be an integer"):
        envint("DXPILOT_N", 1)


def test_secrets_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "keys"
    path.write_text("k1, k2\n", encoding="utf-8")
    monkeypatch.setenv("DXPILOT_KEYS_FILE", str(path))
    assert envlist("DXPILOT_KEYS", []) == ["k1", "k2"]


def test_require_passes_outside_production() -> None:
    assert require("X", None, production=False) is None
