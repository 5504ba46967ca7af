import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface PostgresServer {
  /** URL of the server's maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server to create throw-away databases on: the one DATABASE_URL points at
 * when set (CI), otherwise an embedded server in a temporary directory (a fresh machine).
 */
export async function postgresServer(log: (message: string) => void = () => undefined): Promise<PostgresServer> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const url = new URL(given);
    url.pathname = '/postgres';
    return { adminUrl: url.toString(), stop: async () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'stint-pg-'));
  // As root the server runs as the `postgres` user: a directory it can enter keeps the cluster
  // here (otherwise it would go to /var/lib/stint, removed below as well).
  chmodSync(dir, 0o755);
  const embedded = await startEmbeddedPostgres(dir, log);
  const url = new URL(embedded.url);
  url.pathname = '/postgres';
  return {
    adminUrl: url.toString(),
    stop: async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(embedded.clusterDir, { recursive: true, force: true });
    },
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (optionally a copy of `template`) and returns its URL. */
export async function createDatabase(adminUrl: string, prefix: string, template?: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  return { name, url: databaseUrl(adminUrl, name) };
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
