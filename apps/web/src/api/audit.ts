import { routes, type AuditLogEntryResponse, type AuditLogListQuery, type Paginated } from '@stint/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/api/client';
import { queryKeys } from '@/api/query-keys';

export function fetchAuditLog(query: AuditLogListQuery, signal?: AbortSignal): Promise<Paginated<AuditLogEntryResponse>> {
  return api.call(routes.audit.list, { query, signal });
}

/**
 * A page of the audit trail (admins). Always refetched on opening: events are written by
 * every other part of the app, so no mutation here could invalidate it precisely.
 */
export function useAuditLog(query: AuditLogListQuery) {
  return useQuery({
    queryKey: queryKeys.audit.list(query),
    queryFn: ({ signal }) => fetchAuditLog(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}
