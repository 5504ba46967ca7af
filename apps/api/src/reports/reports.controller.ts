import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { AnalyticsDateRange, ReportResponse } from '@stint/contracts';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { ReportQueryDto, ReportResponseDto } from './dto/report.dto';
import { ReportsService, type ReportSubject } from './reports.service';

const BAD_RANGE = 'A date that is not YYYY-MM-DD, end before start, or a range wider than 366 days';
const CSV_NOTE = 'With format=csv: text/csv download, streamed (header row, one row per entry, then Total/Billable/Non-billable rows).';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('projects/:id')
  @Authenticated()
  @ApiOperation({ summary: `Hours (and cost, for admins) of a project by day, task, user; members of the project get hours only. ${CSV_NOTE}` })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ReportResponseDto })
  @ApiNotFoundResponse({ description: 'The project does not exist or the caller is not a member of it' })
  @ApiUnprocessableEntityResponse({ description: BAD_RANGE })
  async project(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: ReportQueryDto): Promise<ReportResponse | StreamableFile> {
    const range = this.reports.range(auth, query);
    const subject = await this.reports.projectSubject(auth, id);
    if (query.format === 'csv') return this.csv(auth, subject, range);
    return this.reports.report(auth, subject, range);
  }

  @Get('users/:id')
  @Authenticated()
  @ApiOperation({ summary: `Hours (and cost, for admins) of a user by day, task, project; members get their own, hours only. ${CSV_NOTE}` })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ReportResponseDto })
  @ApiNotFoundResponse({ description: "The user does not exist, or is someone else and the caller isn't an admin" })
  @ApiUnprocessableEntityResponse({ description: BAD_RANGE })
  async user(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: ReportQueryDto): Promise<ReportResponse | StreamableFile> {
    const range = this.reports.range(auth, query);
    const subject = await this.reports.userSubject(auth, id);
    if (query.format === 'csv') return this.csv(auth, subject, range);
    return this.reports.report(auth, subject, range);
  }

  private csv(auth: AuthUser, subject: ReportSubject, range: AnalyticsDateRange): StreamableFile {
    return new StreamableFile(this.reports.csv(auth, subject, range), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${this.reports.csvFileName(subject, range)}"`,
    });
  }
}
