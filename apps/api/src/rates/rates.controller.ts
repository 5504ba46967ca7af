import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CurrentRateResponse, RateApplyResponse, UserRateResponse } from '@stint/contracts';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentRateResponseDto, RateApplyResponseDto, RateSetDto, UserRateResponseDto } from './dto/rate.dto';
import { RatesService } from './rates.service';

/**
 * Rates live under /users but are their own module. No clash with the users controller:
 * Fastify's router prefers the static `me` segment over `:id`, and these paths have one
 * more segment than GET /users/me and PATCH /users/:id.
 */
@ApiTags('rates')
@Controller('users')
export class RatesController {
  constructor(private readonly rates: RatesService) {}

  @Get('me/rate')
  @Authenticated()
  @ApiOperation({ summary: 'The caller’s rate today (their own, or the default with source "default")' })
  @ApiOkResponse({ type: CurrentRateResponseDto })
  mine(@CurrentUser() auth: AuthUser): Promise<CurrentRateResponse> {
    return this.rates.mine(auth);
  }

  @Put(':id/rate')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'Add a rate from effective_from on (admin); closes the previous period, replaces a rate of the same day' })
  @ApiOkResponse({ type: UserRateResponseDto })
  set(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: RateSetDto): Promise<UserRateResponse> {
    return this.rates.set(auth, id, dto);
  }

  @Get(':id/rates')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'A user’s rate history, newest first (admin)' })
  @ApiOkResponse({ type: [UserRateResponseDto] })
  history(@Param('id', new ParseUUIDPipe()) id: string): Promise<UserRateResponse[]> {
    return this.rates.history(id);
  }

  @Post(':id/rates/:rateId/apply')
  @HttpCode(200)
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'Re-rate the user’s stopped entries in the rate’s period (admin), in one transaction' })
  @ApiOkResponse({ type: RateApplyResponseDto })
  apply(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Param('rateId', new ParseUUIDPipe()) rateId: string): Promise<RateApplyResponse> {
    return this.rates.apply(auth, id, rateId);
  }
}
