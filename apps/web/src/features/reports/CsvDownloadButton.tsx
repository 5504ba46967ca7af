import type { AnalyticsDateRange, ReportSubjectType } from '@stint/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import { downloadReportCsv } from '@/api/analytics';
import { describeError } from '@/api/errors';
import { FormAlert } from '@/components/FormAlert';
import { saveFile } from '@/features/reports/save-file';

type DownloadState =
  | { status: 'idle' }
  | { status: 'downloading'; receivedBytes: number; totalBytes: number | null }
  | { status: 'done'; filename: string }
  | { status: 'error'; error: unknown };

const byteFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${byteFormat.format(bytes / 1024)} kB`;
  return `${byteFormat.format(bytes / (1024 * 1024))} MB`;
}

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'report'
  );
}

/** The server names the file (Content-Disposition); this is only for a response without one. */
export function fallbackCsvName(type: ReportSubjectType, name: string, range: AnalyticsDateRange): string {
  return `stint-${type}-${slug(name)}-${range.start}_${range.end}.csv`;
}

interface CsvDownloadButtonProps {
  type: ReportSubjectType;
  id: string;
  /** The project's or user's name, for the fallback file name. */
  name: string;
  range: AnalyticsDateRange;
}

/**
 * Downloads the report as CSV with the user's bearer token (a plain link couldn't send it):
 * streamed into a Blob with the bytes received shown, then saved under the server's name.
 */
export function CsvDownloadButton({ type, id, name, range }: CsvDownloadButtonProps) {
  const statusId = useId();
  const [state, setState] = useState<DownloadState>({ status: 'idle' });
  const running = useRef<AbortController | null>(null);

  // Leaving the page (or this report) stops a download still under way.
  useEffect(() => () => running.current?.abort(), []);

  async function download() {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setState({ status: 'downloading', receivedBytes: 0, totalBytes: null });
    try {
      const file = await downloadReportCsv(type, id, range, {
        fallbackName: fallbackCsvName(type, name, range),
        signal: controller.signal,
        onProgress: ({ receivedBytes, totalBytes }) => setState({ status: 'downloading', receivedBytes, totalBytes }),
      });
      if (controller.signal.aborted) return;
      saveFile(file.blob, file.filename);
      setState({ status: 'done', filename: file.filename });
    } catch (error) {
      if (!controller.signal.aborted) setState({ status: 'error', error });
    } finally {
      if (running.current === controller) running.current = null;
    }
  }

  const downloading = state.status === 'downloading';
  let status = '';
  if (state.status === 'downloading') {
    status = state.receivedBytes === 0 ? 'Preparing the CSV…' : `Downloading… ${formatBytes(state.receivedBytes)}${state.totalBytes ? ` of ${formatBytes(state.totalBytes)}` : ''}`;
  } else if (state.status === 'done') {
    status = `Downloaded ${state.filename}.`;
  }

  return (
    <div className="report-download">
      <button
        type="button"
        className="button button-ghost report-download-button"
        onClick={() => void download()}
        disabled={downloading}
        aria-busy={downloading || undefined}
        aria-describedby={statusId}
      >
        {downloading && <span className="spinner" aria-hidden="true" />}
        Download CSV
      </button>
      <p id={statusId} role="status" className="muted">
        {status}
      </p>
      {state.status === 'error' && <FormAlert>Couldn’t download the CSV. {describeError(state.error)}</FormAlert>}
    </div>
  );
}
