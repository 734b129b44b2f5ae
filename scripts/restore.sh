#!/usr/bin/env bash
# `make restore`: restore a backup made by scripts/backup.sh into a FRESH database (created
# here; an existing one is refused, so a live database is never overwritten) and a media
# folder.
#   BACKUP                the prefix printed by `make backup` (default: the latest in BACKUP_DIR)
#   RESTORE_DATABASE_URL  the new database (required)
#   RESTORE_MEDIA_ROOT    where to unpack the files (default var/restored-media)
set -euo pipefail
cd "$(dirname "$0")/.."
BACKUP_DIR=${BACKUP_DIR:-var/backups}
BACKUP=${BACKUP:-$(ls -1 "$BACKUP_DIR"/spp-*.dump 2>/dev/null | sort | tail -n1 | sed 's/\.dump$//')}
: "${BACKUP:?no backup found in $BACKUP_DIR}"
: "${RESTORE_DATABASE_URL:?set RESTORE_DATABASE_URL to a database that does not exist yet}"
RESTORE_MEDIA_ROOT=${RESTORE_MEDIA_ROOT:-var/restored-media}
(cd "$(dirname "$BACKUP")" && sha256sum --quiet -c "$(basename "$BACKUP").sha256")

name=$(basename "${RESTORE_DATABASE_URL%%\?*}")
server="${RESTORE_DATABASE_URL%/*}/postgres"
if [[ -n $(psql "$server" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$name'") ]]; then
  echo "Database $name exists: restore only into a fresh database." >&2
  exit 1
fi
psql "$server" -qc "CREATE DATABASE \"$name\""
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$RESTORE_DATABASE_URL" \
  "$BACKUP.dump"
mkdir -p "$RESTORE_MEDIA_ROOT"
tar -C "$RESTORE_MEDIA_ROOT" -xzf "$BACKUP.media.tar.gz"
echo "Restored $BACKUP into $name and $RESTORE_MEDIA_ROOT"
