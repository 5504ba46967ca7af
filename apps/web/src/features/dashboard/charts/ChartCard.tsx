import { Suspense, useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { describeError } from '@/api/errors';
import { FormAlert } from '@/components/FormAlert';
import '@/features/dashboard/dashboard.css';

export type ChartStatus = 'loading' | 'error' | 'empty' | 'ready';

interface ChartCardProps {
  title: string;
  /** What is counted, in a line under the title. */
  description?: ReactNode;
  /** Controls of the chart itself (e.g. "group by"), beside the table toggle. */
  controls?: ReactNode;
  status: ChartStatus;
  error?: unknown;
  onRetry?: () => void;
  /** Shown instead of the chart when there is nothing to draw; says how to get something. */
  empty?: ReactNode;
  /** True while newer figures load over the ones shown. */
  stale?: boolean;
  /** The figures in words, shown with both views (and the chart's accessible description). */
  summary?: ReactNode;
  chart: () => ReactNode;
  /** The same figures as a <table> with a caption, for screen readers, keyboards and copying. */
  table: () => ReactNode;
  className?: string;
}

/**
 * A dashboard chart in a card: title, loading skeleton, error with retry, an empty state,
 * and a "Show as table" toggle that swaps the drawing for a real table of the same rows.
 */
export function ChartCard({ title, description, controls, status, error, onRetry, empty, stale, summary, chart, table, className }: ChartCardProps) {
  const titleId = useId();
  const bodyId = useId();
  const [asTable, setAsTable] = useState(false);

  let body: ReactNode;
  const skeleton = (
    <div className="chart-skeleton" role="status">
      <span className="visually-hidden">Loading {title.toLowerCase()}…</span>
      <span className="skeleton chart-skeleton-block" aria-hidden="true" />
    </div>
  );
  if (status === 'loading') {
    body = skeleton;
  } else if (status === 'error') {
    body = (
      <FormAlert>
        Couldn’t load {title.toLowerCase()}. {describeError(error)}{' '}
        {onRetry && (
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        )}
      </FormAlert>
    );
  } else if (status === 'empty') {
    body = <div className="chart-empty">{empty}</div>;
  } else {
    body = (
      <>
        {summary && <div className="chart-summary">{summary}</div>}
        {asTable ? (
          <div className="table-scroll chart-table">{table()}</div>
        ) : (
          <div className="chart-figure">
            {/* The drawing is lazy (chart-views.ts); the summary above already has the figures. */}
            <Suspense fallback={skeleton}>{chart()}</Suspense>
          </div>
        )}
      </>
    );
  }

  return (
    <section className={['card chart-card', className].filter(Boolean).join(' ')} aria-labelledby={titleId} aria-busy={stale || undefined}>
      <header className="chart-card-header">
        <div className="chart-card-heading">
          <h2 id={titleId} className="card-title">
            {title}
          </h2>
          {description && <p className="muted chart-card-description">{description}</p>}
        </div>
        <div className="chart-card-controls">
          {controls}
          {status === 'ready' && (
            <button type="button" className="button button-ghost button-small" aria-pressed={asTable} aria-controls={bodyId} onClick={() => setAsTable((value) => !value)}>
              Show as table
            </button>
          )}
        </div>
      </header>
      <div id={bodyId} className={stale ? 'chart-body analytics-stale' : 'chart-body'}>
        {body}
      </div>
    </section>
  );
}

/** No time in the range: say so, and how to get some. */
export function NoTimeInRange({ what = 'time' }: { what?: string }) {
  return (
    <p className="muted">
      No {what} tracked in this range. <Link to="/time">Start a timer or add time</Link> on the Time page, or pick another range.
    </p>
  );
}
