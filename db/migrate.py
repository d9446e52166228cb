"""Run Alembic from code (the CLI, the tests and the demo all migrate this way)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

import migrations

MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent


def alembic_config(url: str) -> Config:
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    """Alembic's env.py runs its own event loop, so run it in a worker thread."""
    await asyncio.to_thread(upgrade, url, revision)


async def downgrade_async(url: str, revision: str = "base") -> None:
    await asyncio.to_thread(downgrade, url, revision)


def head_revision() -> str | None:
    """The newest migration of this code (what a ready database is at)."""
    return ScriptDirectory.from_config(alembic_config("postgresql://")).get_current_head()
