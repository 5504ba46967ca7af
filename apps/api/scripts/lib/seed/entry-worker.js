// A worker thread of the entries phase: lays out its users' entries and streams them into
// time_entries over its own connection with one binary COPY. Two of these run side by
// side (one per core); progress and the budget accumulators go back to the main thread.
const { parentPort, workerData } = require('node:worker_threads');

if (!parentPort) throw new Error('entry-worker.js runs in a worker thread (seed-bulk.js starts it)');
const port = parentPort;
const { Client } = require('pg');
const { BinaryRowWriter, binaryCopy } = require('./copy');
const { EntryLayout, ENTRY_COLUMNS } = require('./entries');

async function run() {
  const { model, userIndexes, databaseUrl } = workerData;
  const client = new Client({ connectionString: databaseUrl, application_name: 'stint-seed-bulk' });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    const copy = binaryCopy(client, `COPY time_entries (${ENTRY_COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN (FORMAT binary)`);
    const layout = new EntryLayout(model);
    const pending = [];
    const writer = new BinaryRowWriter((buffer) => pending.push(buffer));
    const cursors = userIndexes.map((index) => layout.user(model.users[index]));
    let rows = 0;
    let reported = 0;
    const drain = async () => {
      writer.emit();
      while (pending.length) {
        const wait = copy.write(pending.shift());
        if (wait) await Promise.race([wait, copy.done]);
      }
      port.postMessage({ type: 'progress', rows: rows - reported });
      reported = rows;
    };
    // Day by day across all users (local days: within a day of each other in UTC), so the
    // table fills in time order.
    const firstDay = Math.min(...cursors.map((c) => c.user.startDay));
    const lastDay = Math.max(...cursors.map((c) => c.user.todayDay));
    for (let day = firstDay; day <= lastDay; day++) {
      for (const cursor of cursors) rows += cursor.day(day, writer);
      if (rows - reported >= 10_000) await drain();
    }
    for (const cursor of cursors) rows += cursor.finish(writer);
    await drain();
    await copy.end();
    port.postMessage(
      {
        type: 'done',
        rows,
        counts: layout.counts,
        projectDayCost: layout.projectDayCost,
        firstUtcDay: layout.firstUtcDay,
        days: layout.days,
        activeTimerProjects: layout.activeTimerProjects,
      },
      [layout.projectDayCost.buffer],
    );
  } finally {
    await client.end();
  }
}

run().catch((error) => {
  port.postMessage({ type: 'error', message: error.message, stack: error.stack });
});
