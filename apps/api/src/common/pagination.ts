import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, type ListMeta, type ListQuery, type Paginated } from '@stint/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?page=&per_page=` of every list: default 20, max 100, above 100 → 422. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: PAGE_SIZE_MAX, default: PAGE_SIZE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_SIZE_MAX)
  per_page?: number;
}

/** The `meta` of every list answer, for OpenAPI. */
export class ListMetaDto {
  @ApiProperty({ minimum: 1 }) page: number;
  @ApiProperty({ minimum: 1, maximum: PAGE_SIZE_MAX }) per_page: number;
  @ApiProperty({ minimum: 0, description: 'Matching records over all pages' }) total: number;
}

export interface PageWindow {
  page: number;
  perPage: number;
  offset: number;
}

export function pageWindow(query: ListQuery): PageWindow {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? PAGE_SIZE_DEFAULT;
  return { page, perPage, offset: (page - 1) * perPage };
}

export function paginated<T>(data: T[], total: number, window: PageWindow): Paginated<T> {
  const meta: ListMeta = { page: window.page, per_page: window.perPage, total };
  return { data, meta };
}
