import type { Schemas } from './schemas.js';
export type ComponentState = 'up' | 'down';

export type HealthResponse = Schemas['HealthResponseDto'];
