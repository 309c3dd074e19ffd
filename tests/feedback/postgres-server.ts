/**
 * The PostgreSQL server the tests use: FACTDESK_TEST_DATABASE_URL (`.ci/run` starts one on
 * 127.0.0.1 and sets it, with FACTDESK_REQUIRE_POSTGRES=1 so a missing server fails CI
 * instead of skipping). Each test gets a database of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env.FACTDESK_TEST_DATABASE_URL || undefined;

if (!POSTGRES_URL) {
  if (process.env.FACTDESK_REQUIRE_POSTGRES === '1') throw new Error('FACTDESK_REQUIRE_POSTGRES=1 but FACTDESK_TEST_DATABASE_URL is not set: no PostgreSQL server to test against');
  process.stderr.write('PostgreSQL tests are not run: set FACTDESK_TEST_DATABASE_URL to a server the tests may create databases on (.ci/run starts one).\n');
}

export interface TestDatabase {
  url: string;
  /** Runs SQL on the database directly, as someone inspecting it would. */
  query<T extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  const name = `factdesk_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL!);
  url.pathname = `/${name}`;
  const direct = new pg.Pool({ connectionString: url.toString(), max: 1 });
  // Dropping the database ends its connections; that is expected, not a failure.
  direct.on('error', () => undefined);
  return {
    url: url.toString(),
    query: async (sql, values) => (await direct.query(sql, values)).rows,
    drop: async () => {
      await direct.end();
      const again = new pg.Client({ connectionString: POSTGRES_URL });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}
