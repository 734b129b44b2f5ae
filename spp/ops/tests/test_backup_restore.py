"""Drill: back up a database and its media with ``make backup``'s script, restore them into a
fresh database with ``make restore``'s, and find every row and every file again."""

import hashlib
import os
import shutil
import subprocess

import pytest

from spp.ops.tests import infra

pytestmark = pytest.mark.processes

TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"


def fingerprint(server, name) -> dict[str, tuple[int, str]]:
    """{table: (row count, md5 of all its rows in a stable order)} for every table."""
    result = {}
    for (table,) in server.execute(TABLES, name):
        result[table] = server.execute(
            f'SELECT count(*), md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) '
            f'FROM "{table}" t', name)[0]
    return result


def files(root) -> dict[str, str]:
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in root.rglob("*") if path.is_file()}


@pytest.mark.skipif(not (shutil.which("pg_dump") and shutil.which("pg_restore")),
                    reason="pg_dump/pg_restore not installed")
def test_a_backup_restored_into_a_fresh_database_has_every_row_and_file(
        private_pg, fresh_db, tmp_path):
    env = infra.django_env(fresh_db, tmp_path)
    infra.drill_setup(env, services=5)
    media = tmp_path / "media"
    (media / "reports" / "photos").mkdir(parents=True)
    (media / "reports" / "photos" / "nid-de-poule.jpg").write_bytes(os.urandom(20_000))
    (media / "organisations" / "logos").mkdir(parents=True)
    (media / "organisations" / "logos" / "voiron.png").write_bytes(b"\x89PNG" + os.urandom(500))
    run = {**os.environ, "DATABASE_URL": fresh_db, "MEDIA_ROOT": str(media),
           "BACKUP_DIR": str(tmp_path / "backups")}
    prefix = subprocess.run([infra.ROOT / "scripts" / "backup.sh"], env=run, check=True,
                            capture_output=True, text=True).stdout.strip().splitlines()[-1]

    restored = fresh_db.rsplit("/", 1)[0] + "/spp_fault_restored"
    restore_env = {**run, "BACKUP": prefix, "RESTORE_DATABASE_URL": restored,
                   "RESTORE_MEDIA_ROOT": str(tmp_path / "restored-media")}
    try:
        subprocess.run([infra.ROOT / "scripts" / "restore.sh"], env=restore_env, check=True,
                       capture_output=True)
        source = fingerprint(private_pg, fresh_db.rsplit("/", 1)[1])
        assert source["catalog_service"][0] == 5 and source["core_user"][0] == 1
        assert fingerprint(private_pg, "spp_fault_restored") == source
        assert files(tmp_path / "restored-media") == files(media)
        again = subprocess.run([infra.ROOT / "scripts" / "restore.sh"], env=restore_env,
                               capture_output=True, text=True)
        assert again.returncode != 0 and "fresh database" in again.stderr  # never overwrites
    finally:
        private_pg.execute("DROP DATABASE IF EXISTS spp_fault_restored WITH (FORCE)")
