import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AccountDeletionResponse } from '@stint/contracts';
import type { FastifyReply } from 'fastify';
import { clearSessionCookies } from '../auth/cookies';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CredentialRoute } from '../rate-limit/rate-limit';
import { DataExport } from './data-export';
import { AccountDeletionResponseDto, AdminDeleteUserDto, DeleteMeDto } from './dto/privacy.dto';
import { PrivacyService } from './privacy.service';

const WRONG_PASSWORD = 'Wrong confirmation password (details.password); nothing changed';

/**
 * Data export and the right to be forgotten, under /users beside the users controller.
 * No clash with its routes: it has no DELETE, and Fastify's router matches the static
 * `me` before the `:id` parameter whatever the registration order.
 */
@ApiTags('privacy')
@Controller('users')
export class PrivacyController {
  constructor(
    private readonly privacy: PrivacyService,
    private readonly exports: DataExport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('me/export')
  @Authenticated()
  @ApiOperation({
    summary:
      'Everything Stint holds about the caller as one JSON document (PrivacyExport), streamed as a download: profile, sessions, memberships, tasks, time entries, rates, acknowledged alerts, audit events.',
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'Attachment stint-export-<date>.json' })
  // Personal data: no shared or browser cache may keep a copy.
  @Header('Cache-Control', 'no-store')
  async export(@CurrentUser() auth: AuthUser): Promise<StreamableFile> {
    const { stream, fileName } = await this.exports.open(auth);
    return new StreamableFile(stream, { type: 'application/json; charset=utf-8', disposition: `attachment; filename="${fileName}"` });
  }

  @Delete('me')
  @HttpCode(200)
  @Authenticated()
  // Takes a password: counted per IP like sign-in, so it can't be used to guess one.
  @CredentialRoute()
  @ApiOperation({ summary: 'Erases the caller’s account (see PrivacyService): the session and the refresh cookie end at once' })
  @ApiOkResponse({ type: AccountDeletionResponseDto })
  @ApiForbiddenResponse({ description: WRONG_PASSWORD })
  @ApiConflictResponse({ description: 'The caller is the only active admin' })
  async deleteMe(@CurrentUser() auth: AuthUser, @Body() dto: DeleteMeDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountDeletionResponse> {
    const result = await this.privacy.deleteMe(auth, dto.password);
    clearSessionCookies(reply, this.config.isProduction);
    return result;
  }

  @Delete(':id')
  @HttpCode(200)
  @Authenticated({ roles: ['admin'] })
  @CredentialRoute()
  @ApiOperation({ summary: 'Admins: erases another person’s account, confirmed with the admin’s own password' })
  @ApiOkResponse({ type: AccountDeletionResponseDto })
  @ApiForbiddenResponse({ description: `Not an admin, or: ${WRONG_PASSWORD}` })
  @ApiNotFoundResponse({ description: 'No such user, or already deleted' })
  @ApiConflictResponse({ description: 'The id is the caller’s own (use DELETE /users/me)' })
  deleteUser(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AdminDeleteUserDto): Promise<AccountDeletionResponse> {
    return this.privacy.deleteUser(auth, id, dto.password);
  }
}
