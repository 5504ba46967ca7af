export type ComponentState = 'up' | 'down';

export interface HealthResponse {
  status: 'ok' | 'degraded' | 'down';
  database: ComponentState;
  /** `memory` when no REDIS_URL is set. */
  cache: ComponentState | 'memory';
  version: string;
  uptime_seconds: number;
}
