import { ApiError, routes, type AccountDeletionResponse } from '@stint/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { filenameFromDisposition, readWithProgress, type DownloadProgress } from '@/api/analytics';
import { api, sessionStore } from '@/api/client';
import { queryKeys } from '@/api/query-keys';

export interface ExportFile {
  blob: Blob;
  filename: string;
}

/** Today's date in the browser's zone, for the file name when the server sends none. */
export function fallbackExportName(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return `stint-export-${local.toISOString().slice(0, 10)}.json`;
}

/**
 * GET /users/me/export with the bearer token (a plain link couldn't send it): the streamed
 * JSON document read chunk by chunk into a Blob, with the bytes received reported.
 */
export async function downloadMyData({ onProgress, signal }: { onProgress?: (progress: DownloadProgress) => void; signal?: AbortSignal } = {}): Promise<ExportFile> {
  const response = await api.raw(routes.privacy.export, { signal });
  const parts = await readWithProgress(response, onProgress);
  return {
    blob: new Blob(parts, { type: 'application/json' }),
    filename: filenameFromDisposition(response.headers.get('content-disposition')) ?? fallbackExportName(),
  };
}

export function deleteMyAccount(password: string): Promise<AccountDeletionResponse> {
  return api.call(routes.privacy.deleteMe, { body: { password } });
}

export function deleteUser(id: string, password: string): Promise<AccountDeletionResponse> {
  return api.call(routes.privacy.deleteUser, { params: { id }, body: { password } });
}

/** The server's message for a wrong confirmation password (403 with details.password), else null. */
export function confirmationPasswordError(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 403) return null;
  const messages = error.details?.password;
  return Array.isArray(messages) && typeof messages[0] === 'string' ? messages[0] : null;
}

export function useDownloadMyData() {
  return useMutation({
    mutationKey: queryKeys.privacy.export(),
    mutationFn: (options: { onProgress?: (progress: DownloadProgress) => void; signal?: AbortSignal }) => downloadMyData(options),
  });
}

/**
 * Erases the caller's account. The server has ended the session and cleared the refresh
 * cookie; signing out here clears every cached answer and tells the other tabs.
 */
export function useDeleteMyAccount() {
  return useMutation({
    mutationKey: queryKeys.privacy.deleteMe(),
    mutationFn: (password: string) => deleteMyAccount(password),
    onSuccess: () => sessionStore.signOut('signedOut'),
  });
}

/** Admins: erases another account. Names, memberships and figures change under several lists. */
export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: queryKeys.privacy.deleteUser(),
    mutationFn: ({ id, password }: { id: string; password: string }) => deleteUser(id, password),
    onSuccess: () =>
      Promise.all(
        [queryKeys.users.all, queryKeys.projects.all, queryKeys.rates.all, queryKeys.analytics.all, queryKeys.reports.all, queryKeys.budgets.all].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}
