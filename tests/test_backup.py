"""`careslot backup` and `careslot restore` against a real PostgreSQL (the test cluster)."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from db.engine import make_engine, make_session_factory, unit_of_work
from db.models import Clinic
from tests.world import build_world


def _careslot(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("CARESLOT_")}
    env["DATABASE_URL"] = database_url.replace("postgresql+asyncpg://", "postgresql://")
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, timeout=120, env=env, check=False)  # fmt: skip


async def test_a_backup_restores_into_another_database(
    session_factory, database_url, tmp_path
) -> None:
    await build_world(session_factory, doctors=2)
    dump = tmp_path / "careslot.dump"
    result = _careslot("backup", "--out", str(dump), database_url=database_url)
    assert result.returncode == 0, result.stderr
    assert dump.stat().st_size > 1000 and "Backed up to" in result.stdout

    copy_url = make_url(database_url).set(database="careslot_restore_copy")
    admin = make_engine(database_url, pool_size=1).execution_options(isolation_level="AUTOCOMMIT")
    try:  # a fresh, empty database beside the test one
        async with admin.connect() as connection:
            await connection.execute(text("DROP DATABASE IF EXISTS careslot_restore_copy"))
            await connection.execute(text("CREATE DATABASE careslot_restore_copy"))
    finally:
        await admin.dispose()
    copy = copy_url.render_as_string(hide_password=False)
    result = _careslot("restore", str(dump), "--yes", database_url=copy)
    assert result.returncode == 0, result.stderr
    engine = make_engine(copy, pool_size=1)
    try:
        async with unit_of_work(make_session_factory(engine)) as session:
            clinics = await session.scalar(select(func.count()).select_from(Clinic))
            revision = await session.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        await engine.dispose()
    async with unit_of_work(session_factory) as session:
        assert clinics == await session.scalar(select(func.count()).select_from(Clinic)) > 0
        assert revision == await session.scalar(text("SELECT version_num FROM alembic_version"))


def test_restoring_a_missing_file_is_one_sentence(database_url) -> None:
    result = _careslot("restore", "/nonexistent/x.dump", "--yes", database_url=database_url)
    assert result.returncode == 2
    assert "is not a file" in result.stderr and "Traceback" not in result.stderr
