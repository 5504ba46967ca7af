/** Grey placeholder rows while a table's first page loads; announced once as "Loading <what>…". */
export function TableSkeleton({ columns, rows = 5, label }: { columns: number; rows?: number; label: string }) {
  return (
    <>
      {Array.from({ length: rows }, (_, row) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity but their position.
        // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <tr> is not focusable; the label above announces the loading.
        <tr key={row} className="skeleton-row" aria-hidden="true">
          {Array.from({ length: columns }, (_, column) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholder cells have no identity but their position.
            <td key={column}>
              <span className="skeleton" style={{ width: `${45 + ((row * 7 + column * 13) % 45)}%` }} />
            </td>
          ))}
        </tr>
      ))}
      <tr className="visually-hidden">
        <td colSpan={columns} role="status">
          Loading {label}…
        </td>
      </tr>
    </>
  );
}

/** A block placeholder for a page's details while they load. */
export function DetailsSkeleton({ label }: { label: string }) {
  return (
    <div className="details-skeleton" role="status">
      <span className="visually-hidden">Loading {label}…</span>
      <span className="skeleton skeleton-title" aria-hidden="true" />
      <span className="skeleton" aria-hidden="true" style={{ width: '60%' }} />
      <span className="skeleton" aria-hidden="true" style={{ width: '80%' }} />
      <span className="skeleton" aria-hidden="true" style={{ width: '40%' }} />
    </div>
  );
}
