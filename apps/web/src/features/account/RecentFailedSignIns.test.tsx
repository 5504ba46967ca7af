import type { Paginated, SignInFailureResponse } from '@stint/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/api/client';
import { describeUserAgent } from '@/api/sign-in-failures';
import { RecentFailedSignIns } from '@/features/account/RecentFailedSignIns';
import { mockApi } from '@/test/api-mock';
import { aUser, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { signedInQueryClient } from '@/test/session';

afterEach(() => {
  vi.restoreAllMocks();
  sessionStore.signOut(null);
});

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const page = (data: SignInFailureResponse[], meta: Partial<Paginated<SignInFailureResponse>['meta']> = {}): Paginated<SignInFailureResponse> => ({
  data,
  meta: { page: 1, per_page: 10, total: data.length, ...meta },
});

// The user is in Auckland (UTC+13 in March): 20:30 UTC on 10 March is 09:30 on 11 March there.
const renderList = () => renderWithProviders(<RecentFailedSignIns />, { route: '/account', queryClient: signedInQueryClient(aUser({ timezone: 'Pacific/Auckland' })) });

describe('RecentFailedSignIns', () => {
  it('lists when (in the user’s zone), from which address and browser sign-ins failed', async () => {
    const { calls } = mockApi((request) =>
      request.url.pathname === '/api/v1/users/me/sign-in-failures'
        ? jsonResponse(
            page([
              { occurred_at: '2026-03-10T20:30:00.000Z', ip: '203.0.113.66', user_agent: FIREFOX, reason: 'wrong_password' },
              { occurred_at: '2026-03-10T20:29:00.000Z', ip: null, user_agent: null, reason: 'locked' },
            ]),
          )
        : undefined,
    );
    renderList();

    const table = await screen.findByRole('table', { name: /Failed sign-ins to your account/ });
    const [, first, second] = within(table).getAllByRole('row');
    const cells = within(first).getAllByRole('cell');
    expect(within(cells[0]).getByText(/11.*9:30|9:30.*11/)).toHaveAttribute('datetime', '2026-03-10T20:30:00.000Z');
    expect(cells[0]).not.toHaveTextContent(/\b10\b/);
    expect(cells[1]).toHaveTextContent('203.0.113.66');
    expect(cells[2]).toHaveTextContent('Firefox 140 on Linux');
    expect(cells[2]).toHaveAttribute('title', FIREFOX);
    expect(cells[3]).toHaveTextContent('Wrong password');
    expect(
      within(second)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([expect.any(String), 'Unknown', 'Unknown browser', 'Refused while locked']);
    expect(calls[0].url.searchParams.get('per_page')).toBe('10');
  });

  it('pages through older failures', async () => {
    const { calls } = mockApi((request) => {
      if (request.url.pathname !== '/api/v1/users/me/sign-in-failures') return undefined;
      const n = Number(request.url.searchParams.get('page'));
      return jsonResponse(page([{ occurred_at: '2026-03-10T20:30:00.000Z', ip: `198.51.100.${n}`, user_agent: null, reason: 'wrong_password' }], { page: n, total: 11 }));
    });
    const user = userEvent.setup();
    renderList();
    expect(await screen.findByText('198.51.100.1')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('198.51.100.2')).toBeInTheDocument();
    expect(calls.map((call) => call.url.searchParams.get('page'))).toEqual(['1', '2']);
  });

  it('says so when there were none', async () => {
    mockApi((request) => (request.url.pathname === '/api/v1/users/me/sign-in-failures' ? jsonResponse(page([])) : undefined));
    renderList();
    expect(await screen.findByText('No failed sign-ins in the last 90 days.')).toBeInTheDocument();
  });
});

describe('describeUserAgent', () => {
  it('names common browsers and systems, and keeps unknown agents short', () => {
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')).toBe('Chrome 131 on Windows');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).toBe(
      'Edge 131 on Windows',
    );
    expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe(
      'Safari 17 on iOS',
    );
    expect(describeUserAgent('curl/8.5.0')).toBe('curl 8');
    expect(describeUserAgent('x'.repeat(100))).toHaveLength(58);
    expect(describeUserAgent(null)).toBe('Unknown browser');
  });
});
