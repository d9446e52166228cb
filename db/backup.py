"""`careslot backup` / `careslot restore`: pg_dump and pg_restore of the CareSlot database.

The client programs come with the embedded PostgreSQL (`pgserver` ships them); for an
external server the same ones are used, or those on PATH when `pgserver` has none. The
connection goes through libpq's environment (PGHOST, PGPASSWORD, …), so no password
appears on a command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """The dump or restore failed; the message says why, in one sentence."""


def client_program(name: str) -> str:
    """The path of pg_dump / pg_restore: pgserver's own, else the one on PATH."""
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found: install the PostgreSQL client programs.")
    return found


def libpq_environment(url: str) -> dict[str, str]:
    """PG* variables naming the database of a SQLAlchemy URL (socket or TCP)."""
    parsed = make_url(url)
    env = dict(os.environ)
    host = parsed.query.get("host") or parsed.host
    values = {
        "PGHOST": host if isinstance(host, str) else None,
        "PGPORT": str(parsed.port) if parsed.port else None,
        "PGUSER": parsed.username,
        "PGPASSWORD": parsed.password,
        "PGDATABASE": parsed.database,
    }
    env.update({k: v for k, v in values.items() if v})
    return env


def backup(url: str, out: Path) -> Path:
    """Writes the whole database to `out` in pg_dump's custom format (compressed)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _run([client_program("pg_dump"), "--format=custom", "--no-owner", f"--file={out}"], url,
         what="backup")  # fmt: skip
    return out


def restore(url: str, dump: Path) -> None:
    """Replaces the database's objects by those of `dump` (a `backup` file)."""
    if not dump.is_file():
        raise BackupError(f"{dump} is not a file: give the path of a `careslot backup` file.")
    _run([client_program("pg_restore"), "--clean", "--if-exists", "--no-owner",
          "--single-transaction", "--exit-on-error", f"--dbname={_dbname(url)}", str(dump)],
         url, what="restore")  # fmt: skip


def _dbname(url: str) -> str:
    return make_url(url).database or "postgres"


def _run(command: list[str], url: str, *, what: str) -> None:
    result = subprocess.run(
        command, env=libpq_environment(url), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        # pg_dump/pg_restore report connection and version problems, not row contents.
        reason = lines[-1].strip() if lines else f"exit code {result.returncode}"
        raise BackupError(f"The {what} failed: {reason}")
