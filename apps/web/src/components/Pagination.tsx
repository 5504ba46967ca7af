import type { ListMeta } from '@stint/contracts';
import { useId } from 'react';

export const PER_PAGE_OPTIONS = [10, 20, 50, 100] as const;

interface PaginationProps {
  meta: ListMeta;
  /** What is being paged, plural: "tasks". */
  noun: string;
  onPageChange: (page: number) => void;
  onPerPageChange?: (perPage: number) => void;
}

/** "Showing 21–40 of 134 tasks", previous/next, and how many per page. */
export function Pagination({ meta, noun, onPageChange, onPerPageChange }: PaginationProps) {
  const perPageId = useId();
  const pages = Math.max(1, Math.ceil(meta.total / meta.per_page));
  const first = meta.total === 0 ? 0 : (meta.page - 1) * meta.per_page + 1;
  const last = Math.min(meta.total, meta.page * meta.per_page);

  return (
    <nav className="pagination" aria-label={`Pages of ${noun}`}>
      <p className="pagination-summary" aria-live="polite">
        {meta.total === 0 ? `No ${noun}` : `Showing ${first}–${last} of ${meta.total} ${noun}`}
      </p>
      <div className="pagination-controls">
        {onPerPageChange && (
          <span className="pagination-per-page">
            <label htmlFor={perPageId}>Per page</label>
            <select id={perPageId} className="field-input field-select field-compact" value={meta.per_page} onChange={(event) => onPerPageChange(Number(event.target.value))}>
              {PER_PAGE_OPTIONS.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </span>
        )}
        <button type="button" className="button button-ghost button-small" disabled={meta.page <= 1} onClick={() => onPageChange(meta.page - 1)} aria-label="Previous page">
          Previous
        </button>
        <span className="pagination-page">
          Page {Math.min(meta.page, pages)} of {pages}
        </span>
        <button type="button" className="button button-ghost button-small" disabled={meta.page >= pages} onClick={() => onPageChange(meta.page + 1)} aria-label="Next page">
          Next
        </button>
      </div>
    </nav>
  );
}
