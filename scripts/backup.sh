#!/usr/bin/env bash
# `make backup`: the database (pg_dump custom format) and the uploaded files (a tarball of
# MEDIA_ROOT), side by side under BACKUP_DIR with the same UTC timestamp. Prints the prefix.
#   DATABASE_URL  the database to save (required: a PostgreSQL URL)
#   MEDIA_ROOT    the uploaded files (default var/media)
#   BACKUP_DIR    where to write (default var/backups)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
MEDIA_ROOT=${MEDIA_ROOT:-var/media}
BACKUP_DIR=${BACKUP_DIR:-var/backups}
mkdir -p "$BACKUP_DIR" "$MEDIA_ROOT"
prefix="$BACKUP_DIR/spp-$(date -u +%Y%m%dT%H%M%S%NZ)"
umask 077
pg_dump --format=custom --no-owner --no-privileges --file="$prefix.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$prefix.media.tar.gz" .
name=$(basename "$prefix")
(cd "$BACKUP_DIR" && sha256sum "$name.dump" "$name.media.tar.gz" > "$name.sha256")
echo "$prefix"
