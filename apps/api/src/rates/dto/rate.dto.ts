import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RATE_AMOUNT_DECIMALS, RATE_AMOUNT_MAX, RATE_TYPES, type RateType } from '@stint/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../common/validators/date-domain';
import { IsCurrencyCode } from '../../common/validators/is-currency-code';
import { upperCased } from '../../common/transforms';
import { IsDecimalAmount, toDecimalText } from '../../common/validators/decimal-amount';

export class RateSetDto {
  @ApiProperty({ enum: RATE_TYPES }) @IsIn(RATE_TYPES) rate_type: RateType;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'number' }],
    example: '62.5',
    description: `Decimal string (exact; a JSON number is accepted too), > 0, ≤ ${RATE_AMOUNT_MAX}, up to ${RATE_AMOUNT_DECIMALS} decimals`,
  })
  @Transform(toDecimalText)
  @IsDecimalAmount(RATE_AMOUNT_DECIMALS, RATE_AMOUNT_MAX)
  rate_amount: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217, three letters' })
  @Transform(upperCased)
  @IsCurrencyCode()
  currency: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-05-01', description: 'Default: today in the admin’s time zone. A rate with the same date is replaced.' })
  @IsOptional()
  @IsCalendarDate()
  effective_from?: string;
}

export class UserRateResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty({ enum: RATE_TYPES }) rate_type: RateType;
  @ApiProperty({ example: '62.5000', description: 'Decimal string, 4 decimals (exact)' }) rate_amount: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ format: 'date' }) effective_from: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Exclusive; null while open-ended' }) effective_until: string | null;
  @ApiProperty({ description: 'Effective today in the user’s time zone' }) is_current: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) created_by: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class CurrentRateResponseDto {
  @ApiProperty({ enum: ['user', 'default'], description: '`default`: the user has no rate; the settings’ default hourly rate applies' }) source: 'user' | 'default';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) rate_id: string | null;
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty({ enum: RATE_TYPES }) rate_type: RateType;
  @ApiProperty({ example: '50.0000', description: 'Decimal string (exact)' }) rate_amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) effective_from: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) effective_until: string | null;
}

export class CurrencyAmountDto {
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: '1250.00', description: 'Decimal string, 2 decimals, rounded half-up once from the exact sum' }) amount: string;
}

export class RateApplyResponseDto {
  @ApiProperty({ format: 'uuid' }) rate_id: string;
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty({ format: 'date' }) effective_from: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) effective_until: string | null;
  @ApiProperty({ description: 'Stopped entries whose start (in the user’s time zone) falls in the rate’s period, re-rated' }) entries_updated: number;
  @ApiProperty({ description: 'Entries left alone: their project’s currency differs from the rate’s (no conversion)' }) entries_skipped_currency: number;
  @ApiProperty({ type: [CurrencyAmountDto], description: 'Totals of the re-rated entries before' }) totals_before: CurrencyAmountDto[];
  @ApiProperty({ type: [CurrencyAmountDto], description: 'Totals of the re-rated entries after' }) totals_after: CurrencyAmountDto[];
}
