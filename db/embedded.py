"""The embedded PostgreSQL: a `pgserver` cluster kept in the data directory.

It is started once and left running (cleanup_mode=None), so later runs reuse
it and its data; connections go through a Unix socket, so no port can clash.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)

DATABASE_NAME = "careslot"


class EmbeddedDatabaseError(Exception):
    """The embedded PostgreSQL could not be started; the message says why."""


def start_embedded(
    pgdata: Path, *, database: str = DATABASE_NAME, cleanup: str | None = None
) -> str:
    """Start (or reuse) the cluster in `pgdata`, make sure `database` exists, return its URL.

    `cleanup` is pgserver's: None leaves the server running for the next run,
    "stop" stops it and "delete" removes the data when this process exits.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
        warnings.simplefilter("ignore")
        import pgserver

        pgdata.mkdir(parents=True, exist_ok=True)
        try:
            server = pgserver.get_server(pgdata, cleanup_mode=cleanup)
        except Exception as exc:  # pgserver raises plain exceptions with its log inside
            detail = _last_line(getattr(exc, "stderr", None)) or exc.__class__.__name__
            raise EmbeddedDatabaseError(
                f"The embedded PostgreSQL in {pgdata} could not start ({detail}); "
                "set DATABASE_URL to use another server."
            ) from exc
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
        if "1 row" not in exists:
            server.psql(f'CREATE DATABASE "{database}";')
        uri = server.get_uri(database)
    log.info("embedded PostgreSQL ready in %s", pgdata)
    return asyncpg_url(uri)


def stop_embedded(pgdata: Path) -> None:
    """Stops the cluster in `pgdata` now (tests and the demo clean up after themselves)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        pgserver.get_server(pgdata, cleanup_mode="stop").cleanup()


def _last_line(output: object) -> str:
    if isinstance(output, bytes):
        output = output.decode(errors="replace")
    lines = [line for line in str(output or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def asyncpg_url(url: str) -> str:
    """The same database as a SQLAlchemy asyncpg URL (also accepts postgres:// forms)."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    raise ValueError("not a PostgreSQL URL")


def socket_dir(url: str) -> str | None:
    """The Unix socket directory of a URL such as `...?host=/path`, if any."""
    return parse_qs(urlsplit(url).query).get("host", [None])[0]
