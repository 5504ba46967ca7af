#!/usr/bin/env node
// Offline security-headers scan of the served app with the MDN HTTP Observatory's own tests
// and grading (@mdn/mdn-http-observatory). Exits non-zero when a page grades below A.
//
//   pnpm --filter @stint/api security:headers      (after `pnpm build`: needs apps/api/dist and apps/web/dist)
//
// What it does:
// 1. boots the production build (node dist/main.js, NODE_ENV=production) on a scratch
//    database: `stint_headers_*` on DATABASE_URL's server, else an embedded PostgreSQL;
// 2. puts a local TLS terminator in front, the way a deployment must (README: "Put TLS in
//    front"): https://localhost:<port> proxies to the app unchanged, and http://localhost:<port>
//    redirects to it. Its certificate comes from a throw-away CA made here with openssl and
//    trusted only by the scanning child process (NODE_EXTRA_CA_CERTS), so the observatory's
//    certificate, HSTS and redirection checks run for real instead of being skipped. The HSTS
//    header, CSP and cookies are the app's own; only the http→https redirect is the terminator's;
// 3. in that child, runs the observatory's retriever on the SPA page (/) and on an API response
//    (/api/v1/health) with the cookies a sign-in sets added to its cookie jar (the app sets
//    cookies only on sign-in, which the retriever's GET never does), then its ten tests and its
//    scoring (the same arithmetic as its scan()); prints one table per page and the grades.
//
// Offline: the package's postinstall (downloading the HSTS preload and TLD lists) can't run
// here. The TLD list is only used by its web API, not the scanner; the HSTS preload list is
// read by the HSTS and redirection tests, so an empty one is written when it is missing —
// localhost is on no preload list, so the answer is the same as with the real list.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync, chmodSync } = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const { tmpdir } = require('node:os');
const { join, dirname } = require('node:path');
const { pathToFileURL } = require('node:url');

const API_DIR = join(__dirname, '..');
const MAIN = join(API_DIR, 'dist', 'main.js');
const WEB_INDEX = join(API_DIR, '..', 'web', 'dist', 'index.html');
const PASSING_GRADES = new Set(['A+', 'A']);
const PAGES = ['/', '/api/v1/health'];

if (process.argv[2] === '--scan') {
  scanChild(JSON.parse(process.argv[3])).then(
    (ok) => process.exit(ok ? 0 : 1),
    (error) => {
      console.error(`headers-scan: ${error.stack ?? error.message}`);
      process.exit(2);
    },
  );
} else {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`headers-scan: ${error.stack ?? error.message}`);
      process.exit(2);
    },
  );
}

async function main() {
  for (const [file, hint] of [
    [MAIN, 'pnpm --filter @stint/api build'],
    [WEB_INDEX, 'pnpm --filter @stint/web build'],
  ]) {
    if (!existsSync(file)) {
      console.error(`headers-scan: ${file} is missing; run \`${hint}\` (or \`pnpm build\`) first`);
      return 2;
    }
  }
  const cleanups = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };
  try {
    const work = mkdtempSync(join(tmpdir(), 'stint-headers-'));
    chmodSync(work, 0o755);
    cleanups.push(async () => rmSync(work, { recursive: true, force: true }));

    const databaseUrl = await scratchDatabase(cleanups);
    const appPort = await freePort();
    const app = await startApp(appPort, databaseUrl, join(work, 'data'));
    cleanups.push(() => stopProcess(app));

    const tls = makeCertificates(work);
    const httpsPort = await freePort();
    const httpPort = await freePort();
    const terminator = await startTlsTerminator(tls, appPort, httpsPort, httpPort);
    cleanups.push(() => terminator.close());

    ensureHstsPreloadList();
    const child = spawn(process.execPath, [__filename, '--scan', JSON.stringify({ httpPort, httpsPort })], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caFile },
      stdio: 'inherit',
    });
    const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 2)));
    return code;
  } finally {
    await cleanup();
  }
}

/** `stint_headers_*` on DATABASE_URL's server, or an embedded server in a temporary directory. */
async function scratchDatabase(cleanups) {
  const { postgresServer, createDatabase, dropDatabase } = require(join(API_DIR, 'dist', 'database', 'scratch-database.js'));
  const server = await postgresServer();
  cleanups.push(() => server.stop());
  const database = await createDatabase(server.adminUrl, 'stint_headers');
  cleanups.push(() => dropDatabase(server.adminUrl, database.name));
  return database.url;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = http.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

async function startApp(port, databaseUrl, dataDir) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET_KEY: randomBytes(48).toString('base64url'),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    API_HOST: '127.0.0.1',
    API_PORT: String(port),
    STINT_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  // Memory counters: the scan must not write into a shared Redis.
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const status = await Promise.race([getStatus(`http://127.0.0.1:${port}/api/v1/health`), exited.then(() => 'exited')]);
    if (status === 'exited') throw new Error('the app exited before answering');
    if (status === 200) return child;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  child.kill('SIGTERM');
  throw new Error('the app did not answer /api/v1/health within 120 s');
}

function getStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(null));
    request.setTimeout(2_000, () => request.destroy());
  });
}

function stopProcess(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.kill('SIGTERM');
  });
}

/** A throw-away CA and a localhost certificate signed by it (valid one day). */
function makeCertificates(dir) {
  const file = (name) => join(dir, name);
  const openssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=Stint headers-scan throw-away CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('localhost.key'), '-out', file('localhost.csr'), '-subj', '/CN=localhost');
    writeFileSync(
      file('localhost.ext'),
      'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file('localhost.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file('localhost.pem'),
      '-days',
      '1',
      '-extfile',
      file('localhost.ext'),
    );
  } catch (caught) {
    const error = /** @type {Error & { stderr?: Buffer }} */ (caught);
    throw new Error(`openssl could not make the test certificates (is it installed?): ${error.stderr?.toString() ?? error.message}`);
  }
  return { caFile: file('ca.pem'), key: readFileSync(file('localhost.key')), cert: readFileSync(file('localhost.pem')) };
}

/** https → the app unchanged (plus X-Forwarded-Proto); http → 301 to the same path on https. */
function startTlsTerminator(tls, appPort, httpsPort, httpPort) {
  const proxy = https.createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: appPort, method: request.method, path: request.url, headers: { ...request.headers, 'x-forwarded-proto': 'https' } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      response.writeHead(502).end();
    });
    request.pipe(upstream);
  });
  const redirect = http.createServer((request, response) => {
    response.writeHead(301, { location: `https://localhost:${httpsPort}${request.url}` }).end();
  });
  return Promise.all([
    new Promise((resolve) => proxy.listen(httpsPort, '127.0.0.1', () => resolve(undefined))),
    new Promise((resolve) => redirect.listen(httpPort, '127.0.0.1', () => resolve(undefined))),
  ]).then(() => ({
    close: () => Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => redirect.close(r))]),
  }));
}

function observatoryDir() {
  return dirname(require.resolve('@mdn/mdn-http-observatory/package.json', { paths: [API_DIR] }));
}

function ensureHstsPreloadList() {
  const file = join(observatoryDir(), 'conf', 'hsts-preload.json');
  if (!existsSync(file)) {
    writeFileSync(file, '{}\n');
    console.log(`headers-scan: no HSTS preload list (the package's postinstall needs the internet); wrote an empty one to ${file}`);
  }
}

/* ---------------------------------------------------------------- the scanning child */

async function scanChild({ httpPort, httpsPort }) {
  const root = observatoryDir();
  const load = (path) => import(pathToFileURL(join(root, 'src', path)).href);
  const { retrieve } = await load('retriever/retriever.js');
  const { ALL_TESTS, NUM_TESTS, ALGORITHM_VERSION } = await load('constants.js');
  const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await load('grader/charts.js');
  const { getGradeForScore, getScoreDescription, getScoreModifier } = await load('grader/grader.js');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  const origin = `https://localhost:${httpsPort}`;
  const signInCookies = await registerForCookies(origin);

  console.log(`MDN HTTP Observatory ${version} (algorithm v${ALGORITHM_VERSION}), offline, against the production build behind a local TLS terminator`);
  console.log(`http://localhost:${httpPort} redirects to ${origin}; cookies graded: those set by POST /api/v1/auth/register\n`);

  let allPass = true;
  const summary = [];
  for (const path of PAGES) {
    const requests = await retrieve('localhost', { httpPort, httpsPort, path });
    if (!requests.responses.auto) throw new Error(`no answer from ${origin}${path}`);
    const { status } = requests.responses.auto;
    if (status < 200 || (status >= 400 && ![401, 403].includes(status))) throw new Error(`${origin}${path} answered ${status}`);
    for (const cookie of signInCookies) requests.session.jar.setCookieSync(cookie, `${origin}/api/v1/auth/register`);

    // The scoring of the package's scan(): modifiers add up from 100; bonuses count only when
    // the score without them already reaches MINIMUM_SCORE_FOR_EXTRA_CREDIT.
    const results = ALL_TESTS.map((test) => test(requests));
    let withExtraCredit = 100;
    let uncurved = 100;
    let passed = 0;
    const rows = results.map((result) => {
      const modifier = getScoreModifier(result.result);
      withExtraCredit += modifier;
      if (modifier < 0) uncurved += modifier;
      if (result.pass) passed += 1;
      return {
        test: result.constructor.name,
        pass: result.pass ? 'pass' : 'FAIL',
        modifier: modifier > 0 ? `+${modifier}` : String(modifier),
        result: result.result,
        why: getScoreDescription(result.result),
      };
    });
    const { grade, score } = getGradeForScore(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved);

    console.log(`${origin}${path}  (HTTP ${status})`);
    printTable(rows);
    console.log(`  grade ${grade}, score ${score}/100, ${passed}/${NUM_TESTS} tests passed\n`);
    summary.push({ path, grade, score });
    if (!PASSING_GRADES.has(grade)) allPass = false;
  }
  for (const { path, grade, score } of summary) console.log(`${path}: ${grade} (${score})`);
  console.log(allPass ? 'headers-scan: every page grades A or better' : 'headers-scan: a page grades below A');
  return allPass;
}

/** Signs up a throw-away account through the terminator and returns the Set-Cookie headers. */
function registerForCookies(origin) {
  const body = JSON.stringify({ email: `headers-scan.${Date.now()}@example.com`, password: 'Headers-Scan-9!', full_name: 'Headers Scan' });
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${origin}/api/v1/auth/register`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        if (response.statusCode !== 201) return reject(new Error(`sign-up for the cookie check answered ${response.statusCode}`));
        resolve(response.headers['set-cookie'] ?? []);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function printTable(rows) {
  const columns = ['test', 'pass', 'modifier', 'result'];
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (values) => `  ${values.map((v, i) => String(v).padEnd(widths[i])).join('  ')}`;
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => row[c])));
}
