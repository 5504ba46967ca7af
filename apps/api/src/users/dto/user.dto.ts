import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FULL_NAME_MAX_LENGTH, FULL_NAME_MIN_LENGTH, PASSWORD_MAX_LENGTH, ROLES, SIGN_IN_FAILURE_REASONS, type SignInFailureReason, type Role } from '@stint/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ListMetaDto, ListQueryDto } from '../../common/pagination';
import { booleanQuery, trimmed } from '../../common/transforms';
import { IsIanaTimeZone } from '../../common/validators/is-time-zone';
import { IsStrongPassword } from '../../common/validators/is-strong-password';

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty() full_name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone: string;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_login: string | null;
}

export class SignInFailureResponseDto {
  @ApiProperty({ format: 'date-time' }) occurred_at: string;
  @ApiProperty({ nullable: true, type: String, description: 'Client address (X-Forwarded-For only with TRUST_PROXY)' }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) user_agent: string | null;
  @ApiProperty({ enum: SIGN_IN_FAILURE_REASONS, description: '`locked`: refused while the address was locked or the account backing off' }) reason: SignInFailureReason;
}

export class UserPageDto {
  @ApiProperty({ type: [UserResponseDto] }) data: UserResponseDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
}

export class SignInFailurePageDto {
  @ApiProperty({ type: [SignInFailureResponseDto] }) data: SignInFailureResponseDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ minLength: FULL_NAME_MIN_LENGTH, maxLength: FULL_NAME_MAX_LENGTH })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(FULL_NAME_MIN_LENGTH, FULL_NAME_MAX_LENGTH)
  full_name?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA time zone name' })
  @IsOptional()
  @IsIanaTimeZone()
  timezone?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  current_password: string;

  @ApiProperty({ description: '8–100 characters and at most 72 bytes in UTF-8, with upper and lower case, a digit and a special character' })
  @IsStrongPassword()
  new_password: string;
}

export class AdminUpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

export class UserListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Matches email or name' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  is_active?: boolean;
}
