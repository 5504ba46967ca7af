import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BUDGET_ALERT_STREAM_EVENT, type BudgetAlertStreamEvent } from '@stint/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { LiveStreamHub, type LiveStreamRoute } from '../streams/live-stream-hub';
import { BudgetAlertEvents, type BudgetAlertSignal } from './budget-alert-events';
import { BudgetAlertsService } from './budget-alerts.service';

const READY: BudgetAlertStreamEvent = { type: 'ready', alert: null };

/**
 * GET /budget-alerts/stream: Server-Sent Events of budget alerts raised or acknowledged
 * anywhere, for admins' open dashboards (`event: budget_alert`). `ready` comes first, and
 * again when notifications may have been lost: clients refetch then. All admins are one
 * audience: each signal's alerts are read once for every open stream. Authentication (a
 * ticket or a bearer header, re-checked at every ping with the admin role), caps, pings and
 * back-pressure are the hub's (LiveStreamHub).
 */
@Injectable()
export class BudgetAlertStream {
  private readonly route: LiveStreamRoute<BudgetAlertSignal, BudgetAlertStreamEvent>;

  constructor(
    private readonly hub: LiveStreamHub,
    @InjectDataSource() dataSource: DataSource,
    events: BudgetAlertEvents,
    alerts: BudgetAlertsService,
  ) {
    this.route = {
      name: 'alert',
      event: BUDGET_ALERT_STREAM_EVENT,
      source: { subscribe: (_audience, listener) => events.subscribe(listener) },
      audienceOf: () => 'admins',
      onlyFor: { allows: (caller) => caller.role === 'admin', refusal: 'The budget alert stream is for admins' },
      snapshot: () => Promise.resolve(READY),
      render: async (signals) => {
        const read = await alerts.read(dataSource.manager, [...new Set(signals.flatMap((signal) => signal.alertIds))]);
        return signals.flatMap(({ type, alertIds }): BudgetAlertStreamEvent[] =>
          // `resync`: notifications may have been lost, `ready` tells clients to refetch.
          type === 'resync' ? [READY] : read.filter((alert) => alertIds.includes(alert.id)).map((alert) => ({ type, alert })),
        );
      },
    };
  }

  serve(request: FastifyRequest, reply: FastifyReply, ticket: string | undefined): Promise<void> {
    return this.hub.serve(request, reply, ticket, this.route);
  }
}
