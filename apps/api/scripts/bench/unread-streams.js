#!/usr/bin/env node
// @ts-check
// The unread-stream attack of issue 12 §8, measured against the production build: one user
// asks for a stream ticket and opens --streams streams with it, then opens --streams streams
// with a bearer token that never read, while --events timer changes are published for that
// user. Reports how many streams the API accepted and kept, and its resident memory before
// and after. Uses a scratch database on the server of --database-url. The result is JSON on
// the last stdout line.
//
// Usage (after the API build): node scripts/bench/unread-streams.js [--database-url URL] [--streams 50] [--events 20000]
const { connect } = require('node:net');
const { Client } = require('pg');
const { arg, log, rssMb, scratchDatabase, startApi, call, sleep } = require('./lib/api-process');

const STREAMS = Number(arg('--streams', '50'));
const EVENTS = Number(arg('--events', '20000'));
const SERVER = arg('--database-url', process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');

/** Opens the stream on a raw socket and stops reading once the head has arrived; resolves with the status. */
/**
 * @param {string} base
 * @param {string} path
 * @param {Record<string, string>} [headers]
 */
function openUnread(base, path, headers = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let head = '';
    const state = { socket, status: 0, closed: false };
    let tail = '';
    socket.on('close', () => (state.closed = true));
    socket.on('error', () => (state.closed = true));
    socket.on('data', (chunk) => {
      // The chunked body's last chunk: the server ended the response (keep-alive may leave the socket open).
      tail = (tail + chunk.toString('latin1')).slice(-16);
      if (tail.endsWith('\r\n0\r\n\r\n')) state.closed = true;
      if (state.status) return;
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      state.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      socket.pause();
      resolve(state);
    });
    socket.write([`GET ${path} HTTP/1.1`, `Host: ${hostname}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n'));
  });
}

async function main() {
  const scratch = await scratchDatabase(SERVER, 'stint_unread');
  const api = await startApi({ databaseUrl: scratch.url, name: 'api-unread' });
  try {
    const account = { email: 'unread@bench.stint.local', password: 'Unread-Bench-Pass-1', full_name: 'Unread' };
    const { json } = await call('POST', `${api.base}/api/v1/auth/register`, { body: account }, 201);
    const token = json.token;
    await sleep(2000);
    const rssBefore = rssMb(api.pid);

    const { json: ticketJson } = await call('POST', `${api.base}/api/v1/time-tracking/stream-ticket`, { token });
    const withOneTicket = [];
    for (let i = 0; i < STREAMS; i += 1) withOneTicket.push(await openUnread(api.base, `/api/v1/time-tracking/stream?ticket=${encodeURIComponent(ticketJson.ticket)}`));
    const bearer = [];
    for (let i = 0; i < STREAMS; i += 1) bearer.push(await openUnread(api.base, '/api/v1/time-tracking/stream', { authorization: `Bearer ${token}` }));
    log(`one ticket: ${withOneTicket.filter((s) => s.status === 200).length}/${STREAMS} accepted; bearer: ${bearer.filter((s) => s.status === 200).length}/${STREAMS} accepted`);

    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    const userId = (await client.query('SELECT id FROM users WHERE email = $1', [account.email])).rows[0].id;
    for (let sent = 0; sent < EVENTS; sent += 1000) {
      await client.query(
        `SELECT pg_notify('stint_timer_events', json_build_object('userId', $1::text, 'type', 'updated', 'timeLogId', NULL, 'stopReason', NULL, 'n', g)::text)
           FROM generate_series($2::int, $2::int + 999) AS g`,
        [userId, sent],
      );
      await sleep(50);
    }
    await client.end();
    await sleep(3000);
    const rssAfter = rssMb(api.pid);
    const all = [...withOneTicket, ...bearer];
    // A dropped or ended stream is only seen as such by a client that reads: read what is left.
    for (const s of all) s.socket.resume();
    await sleep(3000);
    const result = {
      streams_tried_with_one_ticket: STREAMS,
      accepted_with_one_ticket: withOneTicket.filter((s) => s.status === 200).length,
      streams_tried_with_bearer: STREAMS,
      accepted_with_bearer: bearer.filter((s) => s.status === 200).length,
      still_open_after_flood: all.filter((s) => s.status === 200 && !s.closed).length,
      events: EVENTS,
      api_rss_before_mb: Math.round(rssBefore),
      api_rss_after_mb: Math.round(rssAfter),
    };
    for (const s of all) s.socket.destroy();
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await api.stop();
    await scratch.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
