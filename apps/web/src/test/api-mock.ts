import { vi } from 'vitest';
import { anErrorEnvelope, jsonResponse } from '@/test/fixtures';

export interface MockRequest {
  method: string;
  url: URL;
  body: unknown;
}

type Handler = (request: MockRequest) => Response | Promise<Response> | undefined;

/**
 * Stubs fetch with one handler for every API call; whatever it doesn't answer gets a 404
 * envelope. Returns the calls made, parsed, for assertions on what was sent.
 */
export function mockApi(handler: Handler) {
  const calls: MockRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request: MockRequest = {
      method: init?.method ?? 'GET',
      url: new URL(String(input), 'http://stint.test'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(request);
    return (await handler(request)) ?? jsonResponse(anErrorEnvelope('NOT_FOUND', `No mock for ${request.method} ${request.url.pathname}`), 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

/** A promise with its resolve exposed, to hold a response until the test has looked at the in-between state. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
