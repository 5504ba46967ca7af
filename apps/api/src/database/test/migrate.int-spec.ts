import { Client } from 'pg';
import { createDatabase, dropDatabase } from '../scratch-database';
import { migrate } from '../migrate';

/** Several API processes booting at once against one empty database (a scaled deployment). */
describe('migrate', () => {
  const adminUrl = process.env.STINT_TEST_ADMIN_URL as string;
  let database: { name: string; url: string };

  beforeAll(async () => {
    database = await createDatabase(adminUrl, 'stint_test_migrate');
  });
  afterAll(async () => {
    if (database) await dropDatabase(adminUrl, database.name);
  });

  it('applies every migration exactly once when three processes migrate at the same time', async () => {
    const results = await Promise.all([migrate(database.url), migrate(database.url), migrate(database.url)]);

    const appliers = results.filter((names) => names.length > 0);
    expect(appliers).toHaveLength(1);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
      expect(rows.map((row) => row.name)).toEqual(appliers[0]);
    } finally {
      await client.end();
    }
  });
});
