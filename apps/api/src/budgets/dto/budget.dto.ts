import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BUDGET_ALERT_TYPES,
  BUDGET_AMOUNT_DECIMALS,
  BUDGET_AMOUNT_MAX,
  BUDGET_BURN_WINDOW_DAYS,
  BUDGET_DEFAULT_ALERT_THRESHOLD,
  BUDGET_DEFAULT_CRITICAL_THRESHOLD,
  BUDGET_SORTS,
  BUDGET_STATUSES,
  SORT_ORDERS,
  type BudgetAlertType,
  type BudgetSort,
  type BudgetStatus,
  type SortOrder,
} from '@stint/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { ListQueryDto } from '../../common/pagination';
import { ListMetaDto } from '../../common/pagination';
import { IsCurrencyCode } from '../../common/validators/is-currency-code';
import { booleanQuery, PresentNotNull, upperCased } from '../../common/transforms';
import { decimalText, IsBudgetAmount } from './budget-validators';
import { IsCalendarDate, IsRangeEnd } from '../../common/validators/date-domain';
import { IsDecimalNumber } from '../../common/validators/is-decimal-number';

const MONEY = { type: String, example: '1500.00', description: 'Decimal string, 2 decimals, rounded half-up once from the exact value' };
const PERCENT_DESCRIPTION = 'Percent, 2 decimals, rounded down (100 means used up)';

/** Nullable and optional: absent or null skip the other validators. */
const NullableOptional = () => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);

export class ProjectBudgetSetDto {
  @ApiProperty({
    type: String,
    example: '15000',
    description: `Decimal string (a JSON number is accepted), > 0, ≤ ${BUDGET_AMOUNT_MAX}, ${BUDGET_AMOUNT_DECIMALS} decimals at most`,
  })
  @Transform(decimalText)
  @IsBudgetAmount(BUDGET_AMOUNT_DECIMALS, BUDGET_AMOUNT_MAX, false)
  total_budget: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '12000',
    description: 'The part of the budget already committed (to people, phases, orders); informational, ≥ 0 and ≤ total_budget. Null: not tracked.',
  })
  @NullableOptional()
  @Transform(decimalText)
  @IsBudgetAmount(BUDGET_AMOUNT_DECIMALS, BUDGET_AMOUNT_MAX, true)
  allocated_budget?: string | null;

  @ApiPropertyOptional({ example: 'EUR', description: 'Must be the project’s currency (the default); amounts are never converted' })
  @PresentNotNull()
  @Transform(upperCased)
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ minimum: 0.01, maximum: 100, default: BUDGET_DEFAULT_ALERT_THRESHOLD, description: 'Percent (2 decimals at most), ≤ critical_threshold' })
  @PresentNotNull()
  @IsDecimalNumber(2)
  @Min(0.01)
  @Max(100)
  alert_threshold?: number;

  @ApiPropertyOptional({ minimum: 0.01, maximum: 100, default: BUDGET_DEFAULT_CRITICAL_THRESHOLD, description: 'Percent (2 decimals at most), ≥ alert_threshold' })
  @PresentNotNull()
  @IsDecimalNumber(2)
  @Min(0.01)
  @Max(100)
  critical_threshold?: number;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'Before it the budget is `planning` (judged on the UTC date)' })
  @NullableOptional()
  @IsCalendarDate()
  start_date?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: '≥ start_date' })
  @NullableOptional()
  @IsCalendarDate()
  @IsRangeEnd('start_date')
  end_date?: string | null;

  @ApiPropertyOptional({ default: false, description: 'Hard cap: while exceeded, no time can be added and running timers are stopped at the cap' })
  @PresentNotNull()
  @IsBoolean()
  is_locked?: boolean;
}

export class ProjectBudgetResponseDto {
  @ApiProperty({ enum: ['full'], description: 'What admins see' }) view: 'full';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) project_id: string;
  @ApiProperty() project_name: string;
  @ApiProperty({ example: 'BP' }) project_key: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty(MONEY) total_budget: string;
  @ApiProperty({ ...MONEY, nullable: true }) allocated_budget: string | null;
  @ApiProperty({ ...MONEY, description: 'Exact sum of the project’s stopped entries, shown with 2 decimals (running timers not included)' }) total_cost: string;
  @ApiProperty({ type: String, example: '1234.5678', description: 'total_cost as stored, 4 decimals' }) total_cost_exact: string;
  @ApiProperty({ ...MONEY, description: 'total_budget − total_cost; negative once exceeded' }) remaining: string;
  @ApiProperty({ description: PERCENT_DESCRIPTION, example: 82.5 }) percent_used: number;
  @ApiProperty({ enum: BUDGET_STATUSES }) status: BudgetStatus;
  @ApiProperty({ example: 80 }) alert_threshold: number;
  @ApiProperty({ example: 90 }) critical_threshold: number;
  @ApiProperty() is_locked: boolean;
  @ApiProperty({ description: 'Locked, exceeded and tracking on: no time can be added on the project' }) cap_reached: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) start_date: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) end_date: string | null;
  @ApiProperty({ ...MONEY, description: 'Cost so far of the timers running or paused on the project now (not in total_cost)' }) active_timers_cost: string;
  @ApiProperty({ minimum: 0 }) active_timers: number;
  @ApiProperty({ ...MONEY, description: `Stopped entries’ cost by end_time over the last ${BUDGET_BURN_WINDOW_DAYS} days, per day` }) burn_rate_per_day: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Day (caller’s time zone) the budget runs out at the burn rate; null when exceeded or no burn' })
  forecast_date: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Day (caller’s time zone) the stopped entries’ running sum reached the budget; null unless exceeded' })
  exceeded_on: string | null;
  @ApiProperty({ minimum: 0, description: 'Unacknowledged alerts' }) open_alerts: number;
  @ApiProperty() tracking_enabled: boolean;
  @ApiProperty() alerts_enabled: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class ProjectBudgetProgressResponseDto {
  @ApiProperty({ enum: ['progress'], description: 'What members of the project see: progress, never money' }) view: 'progress';
  @ApiProperty({ format: 'uuid' }) project_id: string;
  @ApiProperty({ description: PERCENT_DESCRIPTION }) percent_used: number;
  @ApiProperty({ enum: BUDGET_STATUSES }) status: BudgetStatus;
  @ApiProperty() is_locked: boolean;
  @ApiProperty() cap_reached: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) start_date: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) end_date: string | null;
}

export class BudgetListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: BUDGET_STATUSES })
  @IsOptional()
  @IsIn(BUDGET_STATUSES)
  status?: BudgetStatus;

  @ApiPropertyOptional({ description: 'true: percent used ≥ alert_threshold; false: below it' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  over_threshold?: boolean;

  @ApiPropertyOptional({ enum: BUDGET_SORTS, default: 'percent_used', description: '`forecast`: by run-out moment (exceeded ones by when they were exceeded), unknown last' })
  @IsOptional()
  @IsIn(BUDGET_SORTS)
  sort?: BudgetSort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, description: 'Default desc for percent_used, asc otherwise' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;

  @ApiPropertyOptional({ default: false, description: 'Budgets of archived projects are left out unless true' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  include_archived?: boolean;
}

export class BudgetOverviewRowDto {
  @ApiProperty({ format: 'uuid' }) project_id: string;
  @ApiProperty() project_name: string;
  @ApiProperty() project_key: string;
  @ApiProperty() project_archived: boolean;
  @ApiProperty({ format: 'uuid' }) budget_id: string;
  @ApiProperty() currency: string;
  @ApiProperty(MONEY) total_budget: string;
  @ApiProperty(MONEY) total_cost: string;
  @ApiProperty(MONEY) remaining: string;
  @ApiProperty({ description: PERCENT_DESCRIPTION }) percent_used: number;
  @ApiProperty({ enum: BUDGET_STATUSES }) status: BudgetStatus;
  @ApiProperty() alert_threshold: number;
  @ApiProperty() critical_threshold: number;
  @ApiProperty() is_locked: boolean;
  @ApiProperty({ minimum: 0 }) open_alerts: number;
  @ApiProperty(MONEY) burn_rate_per_day: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) forecast_date: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) exceeded_on: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) end_date: string | null;
}

export class BudgetOverviewPageDto {
  @ApiProperty({ type: [BudgetOverviewRowDto] }) data: BudgetOverviewRowDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
}

export class BudgetAlertResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) project_id: string;
  @ApiProperty() project_name: string;
  @ApiProperty() project_key: string;
  @ApiProperty({ enum: BUDGET_ALERT_TYPES }) alert_type: BudgetAlertType;
  @ApiProperty({ example: 80 }) threshold_percentage: number;
  @ApiProperty({ example: 81.25, description: 'Percent used when it fired (may pass 100)' }) actual_percentage: number;
  @ApiProperty(MONEY) cost_at_alert: string;
  @ApiProperty() currency: string;
  @ApiProperty() is_acknowledged: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) acknowledged_by_user_id: string | null;
  @ApiProperty({ nullable: true, type: String }) acknowledged_by_name: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acknowledged_at: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class BudgetAlertPageDto {
  @ApiProperty({ type: [BudgetAlertResponseDto] }) data: BudgetAlertResponseDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
}

export class BudgetAlertListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'false: open alerts only; true: acknowledged ones only' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  acknowledged?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  project_id?: string;

  @ApiPropertyOptional({ enum: BUDGET_ALERT_TYPES })
  @IsOptional()
  @IsIn(BUDGET_ALERT_TYPES)
  alert_type?: BudgetAlertType;
}
