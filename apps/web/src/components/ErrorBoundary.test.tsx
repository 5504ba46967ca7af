import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '@/components/ErrorBoundary';

function Page({ crash }: { crash: boolean }) {
  if (crash) throw new Error('boom');
  return <p>Page content</p>;
}

function renderAt(path: string, crash: boolean) {
  return (
    <ErrorBoundary resetKey={path} fallback={(error) => <p role="alert">Failed: {(error as Error).message}</p>}>
      <Page crash={crash} />
    </ErrorBoundary>
  );
}

beforeEach(() => {
  // React logs caught render errors; keep the test output readable.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ErrorBoundary', () => {
  it('shows the fallback for a crashing page and recovers when the path changes', () => {
    const { rerender } = render(renderAt('/tasks', true));
    expect(screen.getByRole('alert')).toHaveTextContent('Failed: boom');

    // Same path: the error stays even if the page would now render.
    rerender(renderAt('/tasks', false));
    expect(screen.getByRole('alert')).toBeInTheDocument();

    rerender(renderAt('/time', false));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByText('Page content')).toBeInTheDocument();
  });
});
