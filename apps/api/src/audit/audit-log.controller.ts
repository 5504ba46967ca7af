import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditLogEntryResponse, Paginated } from '@stint/contracts';
import { Authenticated } from '../common/auth/auth.decorators';
import { AuditLogReader } from './audit-log-reader';
import { AuditLogListQueryDto, AuditLogPageDto } from './dto/audit-log.dto';

@ApiTags('audit')
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly reader: AuditLogReader) {}

  @Get()
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'Security-relevant events, newest first (admin)' })
  @ApiOkResponse({ type: AuditLogPageDto })
  list(@Query() query: AuditLogListQueryDto): Promise<Paginated<AuditLogEntryResponse>> {
    return this.reader.list(query);
  }
}
