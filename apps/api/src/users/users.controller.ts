import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { OkResponse, Paginated, SignInFailureResponse, UserResponse } from '@stint/contracts';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { CredentialRoute } from '../rate-limit/rate-limit';
import { ListQueryDto } from '../common/pagination';
import { OkResponseDto } from '../common/ok-response.dto';
import { AdminUpdateUserDto, ChangePasswordDto, SignInFailurePageDto, UpdateMeDto, UserListQueryDto, UserPageDto, UserResponseDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: UserResponseDto })
  me(@CurrentUser() auth: AuthUser): Promise<UserResponse> {
    return this.users.me(auth);
  }

  @Patch('me')
  @Authenticated()
  @ApiOkResponse({ type: UserResponseDto })
  updateMe(@CurrentUser() auth: AuthUser, @Body() dto: UpdateMeDto): Promise<UserResponse> {
    return this.users.updateMe(auth, dto);
  }

  @Post('me/password')
  @HttpCode(200)
  @Authenticated()
  @CredentialRoute()
  @ApiOkResponse({ type: OkResponseDto })
  async changePassword(@CurrentUser() auth: AuthUser, @Body() dto: ChangePasswordDto): Promise<OkResponse> {
    await this.users.changePassword(auth, dto);
    return { success: true };
  }

  /** The caller's failed sign-ins (last 90 days): when, from which address and browser. */
  @Get('me/sign-in-failures')
  @Authenticated()
  @ApiOkResponse({ type: SignInFailurePageDto })
  signInFailures(@CurrentUser() auth: AuthUser, @Query() query: ListQueryDto): Promise<Paginated<SignInFailureResponse>> {
    return this.users.signInFailures(auth, query);
  }

  @Get()
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: UserListQueryDto): Promise<Paginated<UserResponse>> {
    return this.users.list(query);
  }

  @Patch(':id')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: UserResponseDto })
  update(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AdminUpdateUserDto): Promise<UserResponse> {
    return this.users.adminUpdate(auth, id, dto);
  }

  /** Clears every sign-in failure count and lock of the account (admins; audited). */
  @Post(':id/unlock')
  @HttpCode(200)
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: UserResponseDto })
  unlock(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<UserResponse> {
    return this.users.unlock(auth, id);
  }
}
