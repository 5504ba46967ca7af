import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_ACTIONS, AUDIT_SUBJECT_TYPES, type AuditAction, type AuditSubjectType } from '@stint/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ListMetaDto, ListQueryDto } from '../../common/pagination';
import { IsOffsetDateTime, IsRangeEnd } from '../../common/validators/date-domain';

/** `?action=a&action=b` and `?action=a,b` both give a list. */
const actionList = ({ value }: { value: unknown }) => {
  const values = ([] as unknown[]).concat(value);
  return values.flatMap((v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [v],
  );
};

export class AuditActorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty() full_name: string;
}

export class AuditLogEntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) occurred_at: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: AuditAction;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null when anonymous (e.g. a failed sign-in for an unknown email)' }) actor_user_id: string | null;
  @ApiProperty({ type: AuditActorDto, nullable: true, description: 'The actor as the account is now; null when anonymous or deleted' }) actor: AuditActorDto | null;
  @ApiProperty({ enum: AUDIT_SUBJECT_TYPES, nullable: true, type: String }) subject_type: AuditSubjectType | null;
  @ApiProperty({ nullable: true, type: String }) subject_id: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Client IP (X-Forwarded-For only with TRUST_PROXY)' }) ip: string | null;
  @ApiProperty({ nullable: true, type: String, maxLength: 512 }) user_agent: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'x-request-id of the request that caused it; null for background jobs' }) request_id: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Before/after values; never secrets' }) details: Record<string, unknown>;
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogEntryResponseDto] }) data: AuditLogEntryResponseDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
}

export class AuditLogListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, isArray: true, description: 'One or several: repeat the parameter or separate with commas' })
  @IsOptional()
  @Transform(actionList)
  @IsArray()
  @ArrayMaxSize(AUDIT_ACTIONS.length)
  @IsIn(AUDIT_ACTIONS, { each: true })
  action?: AuditAction[];

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actor_user_id?: string;

  @ApiPropertyOptional({ enum: AUDIT_SUBJECT_TYPES }) @IsOptional() @IsIn(AUDIT_SUBJECT_TYPES) subject_type?: AuditSubjectType;

  @ApiPropertyOptional({ maxLength: 64 }) @IsOptional() @IsString() @MaxLength(64) subject_id?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-05-01T00:00:00Z', description: 'Events at or after (inclusive)' })
  @IsOptional()
  @IsOffsetDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-06-01T00:00:00Z', description: 'Events before (exclusive)' })
  @IsOptional()
  @IsOffsetDateTime()
  @IsRangeEnd('from', { strictlyAfter: true })
  to?: string;
}
