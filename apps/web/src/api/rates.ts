import { routes, type CurrentRateResponse, type RateApplyResponse, type RateSetRequest, type UserRateResponse } from '@stint/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/api/client';
import { queryKeys } from '@/api/query-keys';
import { invalidateTimeRecords } from '@/api/time-tracking';

export function fetchUserRates(userId: string, signal?: AbortSignal): Promise<UserRateResponse[]> {
  return api.call(routes.rates.history, { params: { id: userId }, signal });
}

export function fetchMyRate(signal?: AbortSignal): Promise<CurrentRateResponse> {
  return api.call(routes.rates.mine, { signal });
}

export function setUserRate(userId: string, body: RateSetRequest): Promise<UserRateResponse> {
  return api.call(routes.rates.set, { params: { id: userId }, body });
}

export function applyUserRate(userId: string, rateId: string): Promise<RateApplyResponse> {
  return api.call(routes.rates.apply, { params: { id: userId, rateId } });
}

/** A user's rate history (admins), newest first as the API sends it. */
export function useUserRates(userId: string | null) {
  return useQuery({
    queryKey: queryKeys.rates.history(userId ?? ''),
    queryFn: ({ signal }) => fetchUserRates(userId!, signal),
    enabled: Boolean(userId),
  });
}

/** The rate a new timer of the caller would get today. */
export function useMyRate() {
  return useQuery({ queryKey: queryKeys.rates.mine(), queryFn: ({ signal }) => fetchMyRate(signal) });
}

/** Adds a rate; it closes the previous one, so the whole history (and the admin's own rate, if it is theirs) changes. */
export function useSetRate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, rate }: { userId: string; rate: RateSetRequest }) => setUserRate(userId, rate),
    onSuccess: (_rate, { userId }) =>
      Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.rates.history(userId) }), queryClient.invalidateQueries({ queryKey: queryKeys.rates.mine() })]),
  });
}

/** Re-rates the user's stopped entries from the rate's start: entry costs change everywhere. */
export function useApplyRate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, rateId }: { userId: string; rateId: string }) => applyUserRate(userId, rateId),
    onSuccess: () => invalidateTimeRecords(queryClient),
  });
}
