#!/usr/bin/env bash
# Back up Fazhi: a PostgreSQL dump (custom format) and a tarball of the uploaded files, with
# SHA-256 sums, kept BACKUP_KEEP_DAYS days. Also checks the audit chain and fails loudly when it is
# broken (the backup is still written: it is the evidence).
#
# Environment (normally from /etc/fazhi/fazhi.env): DATABASE_URL (or DATABASE_URL_FILE), MEDIA_ROOT,
# BACKUP_DIR (default /srv/fazhi/backups), BACKUP_KEEP_DAYS (default 30).
#
# Restore:  pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" fazhi-db-<stamp>.dump
#           tar -xzf fazhi-media-<stamp>.tar.gz -C "$MEDIA_ROOT"
#           manage.py audit_verify
set -euo pipefail
umask 077

app_dir=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${DATABASE_URL:-}" ] && [ -n "${DATABASE_URL_FILE:-}" ]; then
    DATABASE_URL=$(<"$DATABASE_URL_FILE")
fi
: "${DATABASE_URL:?DATABASE_URL 未设置}"
case "$DATABASE_URL" in
    postgres://*|postgresql://*) ;;
    *) echo "备份脚本只支持 PostgreSQL（DATABASE_URL=postgres://…）" >&2; exit 2 ;;
esac
backup_dir=${BACKUP_DIR:-/srv/fazhi/backups}
keep_days=${BACKUP_KEEP_DAYS:-30}
media_root=${MEDIA_ROOT:-/srv/fazhi/media}
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$backup_dir"
cd "$backup_dir"

pg_dump --format=custom --no-owner --file="fazhi-db-$stamp.dump.part" "$DATABASE_URL"
mv "fazhi-db-$stamp.dump.part" "fazhi-db-$stamp.dump"

if [ -d "$media_root" ]; then
    tar -czf "fazhi-media-$stamp.tar.gz.part" -C "$media_root" .
    mv "fazhi-media-$stamp.tar.gz.part" "fazhi-media-$stamp.tar.gz"
fi
sha256sum fazhi-*-"$stamp".* > "fazhi-$stamp.sha256"

find "$backup_dir" -maxdepth 1 -name 'fazhi-*' -type f -mtime +"$keep_days" -delete

echo "备份完成：$backup_dir/fazhi-db-$stamp.dump"
if [ -x "$app_dir/.venv/bin/python" ]; then
    "$app_dir/.venv/bin/python" "$app_dir/manage.py" audit_verify
fi
