import { connect } from 'node:net';
import { createTestContext, type TestContext, type TestUser } from '../support/test-app';

/**
 * Every error the server can send is the envelope with a request id, including the ones
 * Node's HTTP parser and Fastify answer before Nest's filter sees a request (issue 12, item 8).
 * Through a real socket: inject() skips Node's parser, where 431 and 400 come from.
 */
const PORT = 3131;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

/** Sends `request` verbatim and reads the answer until the server closes or answers in full. */
function send(request: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(PORT, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => finish(new Error('no complete answer within 5 s')), 5_000);
    let done = false;
    function parse(): Answer | null {
      const data = Buffer.concat(chunks).toString('utf8');
      const split = data.indexOf('\r\n\r\n');
      if (split < 0) return null;
      const [statusLine, ...lines] = data.slice(0, split).split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const text = data.slice(split + 4);
      const length = Number(headers['content-length']);
      if (!Number.isFinite(length) || Buffer.byteLength(text) < length) return null;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: Number(statusLine.split(' ')[1]), headers, body, text };
    }
    function finish(error?: Error) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const answer = parse();
      if (answer) resolve(answer);
      else reject(error ?? new Error(`incomplete answer: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
    }
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (parse()) finish();
    });
    socket.on('error', () => finish());
    socket.on('close', () => finish());
    socket.write(request);
  });
}

function expectEnvelope(answer: Answer, status: number, code = 'VALIDATION_ERROR'): void {
  expect({ status: answer.status, success: answer.body?.success, code: answer.body?.error?.code }).toEqual({ status, success: false, code });
  expect(typeof answer.body.error.message).toBe('string');
  expect(answer.body.error).toHaveProperty('details');
  expect(answer.body.meta.request_id).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
  expect(answer.headers['x-request-id']).toBe(answer.body.meta.request_id);
  expect(Number.isNaN(Date.parse(answer.body.meta.timestamp))).toBe(false);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
}

describe('errors answered before Nest sees the request are envelopes too', () => {
  let ctx: TestContext;
  let user: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    user = await ctx.newUser();
    await ctx.app.listen(PORT, '127.0.0.1');
  });
  afterAll(() => ctx.close());

  const get = (path: string, headers = '') => `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${headers}\r\n`;
  const post = (path: string, body: string, contentType = 'application/json', extra = '') =>
    `POST ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer ${user.token}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

  it('control: a healthy request answers 200', async () => {
    expect((await send(get('/api/v1/health'))).status).toBe(200);
  });

  it('a 20 KB URL: 431', async () => {
    expectEnvelope(await send(get(`/api/v1/tasks?q=${'a'.repeat(20_000)}`)), 431);
  });

  it('a 20 KB header: 431', async () => {
    expectEnvelope(await send(get('/api/v1/health', `X-Padding: ${'a'.repeat(20_000)}\r\n`)), 431);
  });

  it('malformed HTTP (a garbage request line, a bad header name, conflicting lengths): 400', async () => {
    expectEnvelope(await send('NOT HTTP AT ALL\r\n\r\n'), 400);
    expectEnvelope(await send(get('/api/v1/health', 'Bad Header: x\r\n')), 400);
    expectEnvelope(await send(post('/api/v1/tasks', '{}', 'application/json', 'Transfer-Encoding: chunked\r\n')), 400);
    expectEnvelope(await send(`BREW /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`), 400);
  });

  it('a method no route has (PROPFIND), or an empty JSON body: the envelope', async () => {
    expectEnvelope(await send(`PROPFIND /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`), 404, 'NOT_FOUND');
    expectEnvelope(await send(post('/api/v1/tasks', '')), 422);
  });

  it('a body over the 1 MB limit: 413', async () => {
    expectEnvelope(await send(post('/api/v1/tasks', JSON.stringify({ title: 'x'.repeat(1_100_000) }))), 413);
  });

  it('malformed JSON: 422 (validation errors are 422 in the spec)', async () => {
    expectEnvelope(await send(post('/api/v1/tasks', '{"title":')), 422);
  });

  it('an unsupported media type: 415', async () => {
    expectEnvelope(await send(post('/api/v1/tasks', '<task/>', 'application/xml')), 415);
  });

  it('an unknown API route, or a method a route does not have: 404', async () => {
    expectEnvelope(await send(get('/api/v1/no-such-route')), 404, 'NOT_FOUND');
    expectEnvelope(await send(`DELETE /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`), 404, 'NOT_FOUND');
  });

  it('a malformed percent-encoding: 422; an over-long path parameter: 414', async () => {
    expectEnvelope(await send(get('/api/v1/tasks/%E0%A4%A')), 422);
    const patch = `PATCH /api/v1/users/${'x'.repeat(300)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer ${user.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`;
    expectEnvelope(await send(patch), 414);
  });

  it('still healthy after all of it', async () => {
    expect((await send(get('/api/v1/health'))).status).toBe(200);
  });
});
