import { routes, type TimeTrackingSettingsResponse, type TimeTrackingSettingsUpdateRequest } from '@stint/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/api/client';
import { queryKeys } from '@/api/query-keys';

export function fetchSettings(signal?: AbortSignal): Promise<TimeTrackingSettingsResponse> {
  return api.call(routes.settings.get, { signal });
}

export function updateSettings(body: TimeTrackingSettingsUpdateRequest): Promise<TimeTrackingSettingsResponse> {
  return api.call(routes.settings.update, { body });
}

/** Time-tracking settings (admins only). */
export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings.all, queryFn: ({ signal }) => fetchSettings(signal) });
}

/** Saves changed settings; the timer limits in the status and the default rate follow them. */
export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSettings,
    onSuccess: (settings) => {
      queryClient.setQueryData(queryKeys.settings.all, settings);
      void queryClient.invalidateQueries({ queryKey: queryKeys.timeTracking.status() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.rates.all });
    },
  });
}
