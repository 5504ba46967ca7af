import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PROJECT_DESCRIPTION_MAX_LENGTH,
  PROJECT_KEY_MAX_LENGTH,
  PROJECT_KEY_MIN_LENGTH,
  PROJECT_KEY_PATTERN,
  PROJECT_NAME_MAX_LENGTH,
  PROJECT_NAME_MIN_LENGTH,
  PROJECT_SORTS,
  ROLES,
  SORT_ORDERS,
  type ProjectSort,
  type Role,
  type SortOrder,
} from '@stint/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { ListQueryDto } from '../../common/pagination';
import { IsCurrencyCode } from '../../common/validators/is-currency-code';
import { PresentNotNull, blankToNull, booleanQuery, trimmed, upperCased } from '../../common/transforms';
import { ListMetaDto } from '../../common/pagination';

export class ProjectResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: PROJECT_NAME_MAX_LENGTH }) name: string;
  @ApiProperty({ example: 'BP', pattern: PROJECT_KEY_PATTERN.source }) key: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: 'EUR', description: 'ISO 4217' }) currency: string;
  @ApiProperty({ description: 'Default is_billable of entries tracked on the project' }) is_billable: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) archived_at: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) created_by: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty({ minimum: 0 }) member_count: number;
  @ApiProperty({ minimum: 0 }) task_count: number;
  @ApiProperty({ description: 'Whether the caller is a member; admins see every project' }) is_member: boolean;
}

export class ProjectPageDto {
  @ApiProperty({ type: [ProjectResponseDto] }) data: ProjectResponseDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
}

export class ProjectCreateDto {
  @ApiProperty({ minLength: PROJECT_NAME_MIN_LENGTH, maxLength: PROJECT_NAME_MAX_LENGTH })
  @Transform(trimmed)
  @IsString()
  @Length(PROJECT_NAME_MIN_LENGTH, PROJECT_NAME_MAX_LENGTH)
  name: string;

  @ApiProperty({
    example: 'BP',
    minLength: PROJECT_KEY_MIN_LENGTH,
    maxLength: PROJECT_KEY_MAX_LENGTH,
    description: '2–10 letters A–Z, upper-cased by the server; unique and fixed for the life of the project (task keys are built from it)',
  })
  @Transform(upperCased)
  @IsString()
  @Matches(PROJECT_KEY_PATTERN, { message: 'key must be 2–10 letters A–Z' })
  key: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: PROJECT_DESCRIPTION_MAX_LENGTH })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(PROJECT_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217 code; defaults to the instance default currency' })
  @PresentNotNull()
  @Transform(upperCased)
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ default: true })
  @PresentNotNull()
  @IsBoolean()
  is_billable?: boolean;
}

export class ProjectUpdateDto {
  @ApiPropertyOptional({ minLength: PROJECT_NAME_MIN_LENGTH, maxLength: PROJECT_NAME_MAX_LENGTH })
  @PresentNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(PROJECT_NAME_MIN_LENGTH, PROJECT_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: PROJECT_DESCRIPTION_MAX_LENGTH })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(PROJECT_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217; only while the project has no time entries (409 otherwise)' })
  @PresentNotNull()
  @Transform(upperCased)
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional()
  @PresentNotNull()
  @IsBoolean()
  is_billable?: boolean;

  @ApiPropertyOptional({ description: 'true archives the project, false restores it' })
  @PresentNotNull()
  @IsBoolean()
  archived?: boolean;

  /**
   * Not part of the contract: the key is immutable. Accepted only so that a client sending
   * the whole project back (same key) isn't refused; a different key is a 422 on `key`.
   */
  @PresentNotNull()
  @Transform(upperCased)
  @IsString()
  key?: string;
}

export class ProjectListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive substring of the name or key', maxLength: 200 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: false, description: 'Archived projects are left out unless true' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  include_archived?: boolean;

  @ApiPropertyOptional({ enum: PROJECT_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(PROJECT_SORTS)
  sort?: ProjectSort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'asc' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;
}

export class ProjectDeleteResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['archived', 'deleted'], description: 'archived when the project has tasks or time entries, deleted otherwise' })
  outcome: 'archived' | 'deleted';
}

export class ProjectMemberResponseDto {
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty() full_name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ format: 'date-time' }) added_at: string;
}

export class ProjectMemberPageDto {
  @ApiProperty({ type: [ProjectMemberResponseDto] }) data: ProjectMemberResponseDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
}

export class ProjectMemberAddDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  user_id: string;
}
