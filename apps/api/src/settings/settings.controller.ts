import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TimeTrackingSettingsResponse } from '@stint/contracts';
import { Authenticated } from '../common/auth/auth.decorators';
import { TimeTrackingSettingsResponseDto, TimeTrackingSettingsUpdateDto } from './dto/settings.dto';
import { SettingsService } from './settings.service';

/**
 * Admin only, both ways: the default rate is billing data. Members get the values their
 * timer needs (limits, heartbeat window) in GET /time-tracking/status `limits`.
 */
@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'Time-tracking settings (admin)' })
  @ApiOkResponse({ type: TimeTrackingSettingsResponseDto })
  get(): Promise<TimeTrackingSettingsResponse> {
    return this.settings.get();
  }

  @Patch()
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'Change time-tracking settings (admin); ranges match the database CHECKs' })
  @ApiOkResponse({ type: TimeTrackingSettingsResponseDto })
  update(@Body() dto: TimeTrackingSettingsUpdateDto): Promise<TimeTrackingSettingsResponse> {
    return this.settings.update(dto);
  }
}
