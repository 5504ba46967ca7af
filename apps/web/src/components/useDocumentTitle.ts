import { useEffect } from 'react';

/** Sets the tab title to "<page> · Stint", so history entries and screen readers name the page. */
export function useDocumentTitle(page: string) {
  useEffect(() => {
    document.title = page ? `${page} · Stint` : 'Stint';
  }, [page]);
}
