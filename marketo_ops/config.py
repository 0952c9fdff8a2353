"""Connection settings: where the instance is, who we are, and how politely we call it.

Settings come from, in order of precedence: explicit arguments, a profile named explicitly
(argument or ``MARKETO_PROFILE``), the ``MARKETO_*`` environment variables, and finally the
``default`` profile of the config file. The config file is TOML in the user config dir
(``MARKETO_OPS_CONFIG`` overrides its path)::

    [profiles.prod]
    munchkin_id = "123-ABC-456"
    client_id = "..."
    client_secret_env = "MARKETO_PROD_SECRET"   # or client_secret = "..."
    rate_limit_calls = 40
    mcp_url = "https://marketo-mcp.adobe.io/mcp"   # Marketo's MCP server (optional)

The client secret is a ``SecretStr`` from the moment it is read, so it never shows in a repr, a
log line or an exception.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from .errors import ConfigurationError

#: Marketo's limits for a whole instance (shared by all its integrations).
INSTANCE_CALLS_PER_WINDOW: Final = 100
INSTANCE_WINDOW_SECONDS: Final = 20.0
INSTANCE_MAX_CONCURRENCY: Final = 10
#: Adobe's advice for one integration among others (the CRM sync also calls the API).
DEFAULT_CALLS_PER_WINDOW: Final = 50
DEFAULT_MAX_CONCURRENCY: Final = 5

ENV_BASE_URL: Final = "MARKETO_BASE_URL"
ENV_MUNCHKIN_ID: Final = "MARKETO_MUNCHKIN_ID"
ENV_CLIENT_ID: Final = "MARKETO_CLIENT_ID"
ENV_CLIENT_SECRET: Final = "MARKETO_CLIENT_SECRET"
ENV_MCP_URL: Final = "MARKETO_MCP_URL"
ENV_PROFILE: Final = "MARKETO_PROFILE"
ENV_CONFIG_FILE: Final = "MARKETO_OPS_CONFIG"

_MUNCHKIN = re.compile(r"^\d{3}-[A-Za-z]{3}-\d{3}$")
_API_SUFFIXES = ("/rest/asset/v1", "/rest/v1", "/rest", "/identity", "/bulk/v1", "/bulk")


class Settings(BaseModel):
    """Everything a client needs to reach one Marketo instance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str
    client_id: str = Field(repr=False)
    client_secret: SecretStr
    timeout: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=5, ge=0, le=20)
    rate_limit_calls: int = Field(default=DEFAULT_CALLS_PER_WINDOW, ge=1)
    rate_limit_window: float = Field(default=INSTANCE_WINDOW_SECONDS, gt=0)
    max_concurrency: int = Field(default=DEFAULT_MAX_CONCURRENCY, ge=1)
    mcp_url: str | None = None
    """Marketo's MCP server (e.g. https://marketo-mcp.adobe.io/mcp); off unless configured."""

    @field_validator("base_url")
    @classmethod
    def _normalise_base_url(cls, value: str) -> str:
        return normalise_base_url(value)

    @field_validator("rate_limit_calls")
    @classmethod
    def _within_instance_rate(cls, value: int) -> int:
        if value > INSTANCE_CALLS_PER_WINDOW:
            raise ValueError(
                f"rate_limit_calls={value} exceeds the instance limit of "
                f"{INSTANCE_CALLS_PER_WINDOW} calls per 20 seconds"
            )
        return value

    @field_validator("max_concurrency")
    @classmethod
    def _within_instance_concurrency(cls, value: int) -> int:
        if value > INSTANCE_MAX_CONCURRENCY:
            raise ValueError(
                f"max_concurrency={value} exceeds the instance limit of "
                f"{INSTANCE_MAX_CONCURRENCY} calls in flight"
            )
        return value


def normalise_base_url(value: str) -> str:
    """Accept a munchkin id, a host, or a URL with an API suffix; return ``scheme://host``."""
    text = value.strip().rstrip("/")
    if _MUNCHKIN.match(text):
        return munchkin_base_url(text)
    if "://" not in text:
        text = "https://" + text
    scheme = text.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"base URL must start with https:// (got {value!r})")
    for suffix in _API_SUFFIXES:
        if text.lower().endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text.rstrip("/")


def munchkin_base_url(munchkin_id: str) -> str:
    if not _MUNCHKIN.match(munchkin_id.strip()):
        raise ValueError(f"munchkin id must look like 123-ABC-456 (got {munchkin_id!r})")
    return f"https://{munchkin_id.strip().upper()}.mktorest.com"


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("marketo-ops", appauthor=False)) / "config.toml"


def load_profiles(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Read ``[profiles.NAME]`` tables; a missing file means no profiles."""
    config_path = path or Path(os.environ.get(ENV_CONFIG_FILE) or default_config_path())
    if not config_path.exists():
        return {}
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"cannot read config file {config_path}: {exc}") from None
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(v, dict) for v in profiles.values()):
        raise ConfigurationError(f"{config_path}: 'profiles' must be tables like [profiles.prod]")
    return profiles


def _profile_values(
    profile: Mapping[str, Any], name: str, env: Mapping[str, str]
) -> dict[str, Any]:
    values = dict(profile)
    secret_env = values.pop("client_secret_env", None)
    if secret_env is not None:
        if secret_env not in env:
            raise ConfigurationError(
                f"profile {name!r} reads its client secret from ${secret_env}, which is not set"
            )
        values["client_secret"] = env[secret_env]
    munchkin = values.pop("munchkin_id", None)
    if munchkin and "base_url" not in values:
        values["base_url"] = munchkin
    return values


def _env_values(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if env.get(ENV_BASE_URL):
        values["base_url"] = env[ENV_BASE_URL]
    elif env.get(ENV_MUNCHKIN_ID):
        values["base_url"] = env[ENV_MUNCHKIN_ID]
    if env.get(ENV_CLIENT_ID):
        values["client_id"] = env[ENV_CLIENT_ID]
    if env.get(ENV_CLIENT_SECRET):
        values["client_secret"] = env[ENV_CLIENT_SECRET]
    if env.get(ENV_MCP_URL):
        values["mcp_url"] = env[ENV_MCP_URL]
    return values


def env_has_credentials(env: Mapping[str, str] | None = None) -> bool:
    """True when the environment alone names a real instance."""
    values = _env_values(os.environ if env is None else env)
    return {"base_url", "client_id", "client_secret"} <= values.keys()


def resolve_settings(
    *,
    base_url: str | None = None,
    munchkin_id: str | None = None,
    client_id: str | None = None,
    client_secret: str | SecretStr | None = None,
    profile: str | None = None,
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> Settings:
    """Build :class:`Settings` from arguments, a profile, the environment and the config file."""
    environ = os.environ if env is None else env
    explicit: dict[str, Any] = {k: v for k, v in options.items() if v is not None}
    if base_url:
        explicit["base_url"] = base_url
    elif munchkin_id:
        explicit["base_url"] = munchkin_base_url(munchkin_id)
    if client_id:
        explicit["client_id"] = client_id
    if client_secret:
        explicit["client_secret"] = client_secret

    profile_name = profile or environ.get(ENV_PROFILE)
    profiles = load_profiles(config_file)
    layers: list[dict[str, Any]] = []
    if profile_name:
        if profile_name not in profiles:
            known = ", ".join(sorted(profiles)) or "none"
            raise ConfigurationError(f"unknown profile {profile_name!r} (known profiles: {known})")
        layers.append(_profile_values(profiles[profile_name], profile_name, environ))
    layers.append(_env_values(environ))
    if not profile_name and "default" in profiles:
        layers.append(_profile_values(profiles["default"], "default", environ))

    merged: dict[str, Any] = {}
    for layer in reversed(layers):
        merged.update(layer)
    merged.update(explicit)

    missing = [k for k in ("base_url", "client_id", "client_secret") if not merged.get(k)]
    if missing:
        raise ConfigurationError(
            "missing Marketo connection settings: "
            + ", ".join(missing)
            + f". Pass them as arguments, set {ENV_BASE_URL} (or {ENV_MUNCHKIN_ID}), "
            f"{ENV_CLIENT_ID} and {ENV_CLIENT_SECRET}, or name a profile from the config file"
        )
    try:
        return Settings(**merged)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigurationError(f"invalid Marketo settings: {problems}") from None
