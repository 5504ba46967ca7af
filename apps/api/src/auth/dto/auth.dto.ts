import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FULL_NAME_MAX_LENGTH, FULL_NAME_MIN_LENGTH, PASSWORD_MAX_LENGTH } from '@stint/contracts';
import { Transform } from 'class-transformer';
import { Allow, IsNotEmpty, IsString, Length, MaxLength } from 'class-validator';
import { UserResponseDto } from '../../users/dto/user.dto';
import { IsStrongPassword } from '../../common/validators/is-strong-password';
import { trimmed } from '../../common/transforms';
import { IsEmailAddress } from '../../common/validators/is-email-address';

const normaliseEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class RegisterDto {
  @ApiProperty({ format: 'email', maxLength: 255 })
  @Transform(normaliseEmail)
  @IsEmailAddress({ message: 'email must be a valid email address' })
  @MaxLength(255)
  email: string;

  @ApiProperty({
    minLength: 8,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'At most 72 bytes in UTF-8 (bcrypt reads no more); upper and lower case, a digit and a special character',
  })
  @IsStrongPassword()
  password: string;

  @ApiProperty({ minLength: FULL_NAME_MIN_LENGTH, maxLength: FULL_NAME_MAX_LENGTH })
  @Transform(trimmed)
  @IsString()
  @Length(FULL_NAME_MIN_LENGTH, FULL_NAME_MAX_LENGTH)
  full_name: string;

  /** Accepted and ignored: the first account is the admin, later ones are members. */
  @ApiPropertyOptional({ deprecated: true, description: 'Ignored' })
  @Allow()
  role?: unknown;
}

export class LoginDto {
  @ApiProperty({ format: 'email' })
  @Transform(normaliseEmail)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'JWT access token' }) token: string;
  @ApiProperty({ enum: ['bearer'] }) token_type: 'bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expires_in: number;
  @ApiProperty({ type: UserResponseDto }) user: UserResponseDto;
}
