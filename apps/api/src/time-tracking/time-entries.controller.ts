import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TimeEntryWriteResponse, TimeLogPage, TimeLogResponse } from '@stint/contracts';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { TimeEntryCreateDto, TimeEntryListQueryDto, TimeEntryUpdateDto, TimeEntryWriteResponseDto, TimeLogPageDto, TimeLogResponseDto } from './dto/time-entry.dto';
import { TimeEntriesService } from './time-entries.service';

@ApiTags('time-entries')
@Controller('time-entries')
export class TimeEntriesController {
  constructor(private readonly entries: TimeEntriesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The caller’s entries, newest start first (admins: any user’s with user_id)' })
  @ApiOkResponse({ type: TimeLogPageDto })
  list(@CurrentUser() auth: AuthUser, @Query() query: TimeEntryListQueryDto): Promise<TimeLogPage> {
    return this.entries.list(auth, query);
  }

  @Post()
  @Authenticated()
  @ApiOperation({
    summary: 'Add a manual entry; duration and cost are computed with the rate effective at start_time',
    description:
      'Overlapping another of the caller’s entries or timers: saved with an OVERLAP warning, or 409 when an admin forbids overlaps. A locked budget it would take past 100 %: 409 saying what is left.',
  })
  @ApiCreatedResponse({ type: TimeEntryWriteResponseDto })
  create(@CurrentUser() auth: AuthUser, @Body() dto: TimeEntryCreateDto): Promise<TimeEntryWriteResponse> {
    return this.entries.create(auth, dto);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One entry: the owner’s, or any for admins' })
  @ApiOkResponse({ type: TimeLogResponseDto })
  get(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<TimeLogResponse> {
    return this.entries.get(auth, id);
  }

  @Patch(':id')
  @Authenticated()
  @ApiOperation({
    summary: 'Edit a stopped entry (owner only; active timers → 409)',
    description: 'Overlaps are warned (OVERLAP) or, when an admin forbids them and the times change, refused (409); a locked budget it would take past 100 %: 409.',
  })
  @ApiOkResponse({ type: TimeEntryWriteResponseDto })
  update(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: TimeEntryUpdateDto): Promise<TimeEntryWriteResponse> {
    return this.entries.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Delete a stopped entry (owner only; active timers → 409)' })
  @ApiNoContentResponse()
  async remove(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.entries.remove(auth, id);
  }
}
