import { Global, Module } from '@nestjs/common';
import { AuditLogController } from './audit-log.controller';
import { AuditLogReader } from './audit-log-reader';
import { AuditLogService } from './audit-log.service';

/** Global so every feature can record events without importing this module. */
@Global()
@Module({ controllers: [AuditLogController], providers: [AuditLogService, AuditLogReader], exports: [AuditLogService, AuditLogReader] })
export class AuditModule {}
