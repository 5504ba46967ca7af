import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Prometheus metrics of one API process, served at GET /metrics. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'stint_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'stint_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly cacheRequests = new Counter({
    name: 'stint_cache_requests_total',
    help: 'Cache lookups by result (hit, miss, error)',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
  });

  readonly cacheFallbackRequests = new Counter({
    name: 'stint_cache_fallback_requests_total',
    help: 'Cache lookups answered by the in-memory fallback while Redis is unavailable, by result (hit, miss); also counted in stint_cache_requests_total',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
  });

  readonly cacheFallbackActive = new Gauge({
    name: 'stint_cache_fallback_active',
    help: '1 while a Redis-backed cache keeps its answers in memory because Redis is unavailable',
    labelNames: ['cache'] as const,
    registers: [this.registry],
  });

  readonly requestsShed = new Counter({
    name: 'stint_http_requests_shed_total',
    help: 'API requests answered 503 by admission control, by reason (queue_full, queue_timeout)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly admissionWait = new Histogram({
    name: 'stint_http_admission_wait_seconds',
    help: 'Time an admitted API request waited in the admission queue (requests admitted at once are not observed)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(@InjectDataSource() dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'stint_' });
    const pool = () => (dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    new Gauge({
      name: 'stint_db_pool_connections',
      help: 'Database pool connections by state',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const p = pool();
        this.set({ state: 'total' }, p?.totalCount ?? 0);
        this.set({ state: 'idle' }, p?.idleCount ?? 0);
        this.set({ state: 'waiting' }, p?.waitingCount ?? 0);
      },
    });
  }

  /** Gauges of the admission limiter's state, read at scrape time. */
  watchAdmission(limiter: { inFlight: number; queued: number }): void {
    new Gauge({
      name: 'stint_http_requests_in_flight',
      help: 'API requests admitted and being worked on (admission control)',
      registers: [this.registry],
      collect() {
        this.set(limiter.inFlight);
      },
    });
    new Gauge({
      name: 'stint_http_requests_queued',
      help: 'API requests waiting for admission',
      registers: [this.registry],
      collect() {
        this.set(limiter.queued);
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }
}
