import type { FastifyInstance } from 'fastify';

/**
 * A fetch over Fastify's inject, so the contracts' typed client can call the app in
 * process without a listening socket. Cookies are kept like a browser's jar (per path).
 */
export function injectFetch(fastify: FastifyInstance, jar?: CookieJar): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const path = new URL(url, 'http://stint.test').pathname;
    const cookie = jar?.header(path);
    if (cookie) headers.cookie = cookie;
    const response = await fastify.inject({
      method: (init.method ?? 'GET') as never,
      url,
      headers,
      payload: typeof init.body === 'string' ? init.body : undefined,
    });
    if (jar) for (const setCookie of ([] as string[]).concat(response.headers['set-cookie'] ?? [])) jar.store(setCookie);
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const v of ([] as Array<string | number>).concat(value as never)) responseHeaders.append(name, String(v));
    }
    const noBody = response.statusCode === 204 || response.statusCode === 304;
    return new Response(noBody ? null : new Uint8Array(response.rawPayload), { status: response.statusCode, headers: responseHeaders });
  }) as typeof fetch;
}

interface StoredCookie {
  value: string;
  path: string;
}

/** The few cookie rules the auth flow relies on: name, value, path, deletion by expiry. */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(setCookie: string): void {
    const [pair, ...attributes] = setCookie.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = '/';
    let expired = value === '';
    for (const attribute of attributes) {
      const [key, val] = attribute.split('=');
      if (key.toLowerCase() === 'path') path = val;
      if (key.toLowerCase() === 'expires' && new Date(val).getTime() <= Date.now()) expired = true;
      if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
    }
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, { value, path });
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  set(name: string, value: string, path = '/'): void {
    this.cookies.set(name, { value, path });
  }

  header(requestPath: string): string {
    return [...this.cookies.entries()]
      .filter(([, c]) => requestPath === c.path || requestPath.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }
}
