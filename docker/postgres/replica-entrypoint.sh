#!/bin/sh
# A streaming-replication hot standby of $PRIMARY_HOST. On first start (empty data
# directory) it copies the primary with pg_basebackup; -R writes standby.signal and the
# primary_conninfo, so PostgreSQL then starts as a read-only standby replaying the WAL.
set -eu
PGDATA=${PGDATA:-/var/lib/postgresql/data}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  until PGPASSWORD="$REPLICATION_PASSWORD" su-exec postgres pg_basebackup -h "$PRIMARY_HOST" -U replicator -D "$PGDATA" -R -X stream -c fast; do
    echo "waiting for the primary at $PRIMARY_HOST..."
    rm -rf "${PGDATA:?}"/*
    sleep 2
  done
fi
exec su-exec postgres postgres -c hot_standby=on
