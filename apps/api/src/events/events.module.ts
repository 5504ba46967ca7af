import { Global, Module } from '@nestjs/common';
import { DomainEvents } from './domain-events';
import { Outbox } from './outbox';
import { OutboxProbe } from './outbox-probe';

/**
 * Domain events and the transactional outbox (docs/adr/0004-transactional-outbox.md).
 * Feature-independent: features depend on it, it imports no feature.
 */
@Global()
@Module({ providers: [DomainEvents, Outbox, OutboxProbe], exports: [DomainEvents, Outbox] })
export class EventsModule {}
