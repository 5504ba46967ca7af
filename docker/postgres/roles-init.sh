#!/bin/sh
# Runs once, when the primary's data directory is created (docker-entrypoint-initdb.d): the
# two roles Stint runs as (README, "Database roles"). stint_owner owns the tables and runs the
# migrations; stint_app serves requests and may only read and append to audit_log (the API
# grants it its privileges after each migration run).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE stint_owner LOGIN PASSWORD '${STINT_OWNER_PASSWORD}';
CREATE ROLE stint_app LOGIN PASSWORD '${STINT_APP_PASSWORD}';
ALTER DATABASE "$POSTGRES_DB" OWNER TO stint_owner;
REVOKE ALL ON DATABASE "$POSTGRES_DB" FROM PUBLIC;
GRANT CONNECT ON DATABASE "$POSTGRES_DB" TO stint_app;
ALTER SCHEMA public OWNER TO stint_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
