import { ApiProperty } from '@nestjs/swagger';

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'], description: '`degraded`: the cache is down; `down`: the database is (answered with 503)' })
  status: 'ok' | 'degraded' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down', 'memory'], description: '`memory` when no REDIS_URL is set' }) cache: 'up' | 'down' | 'memory';
  @ApiProperty({ example: '0.1.0' }) version: string;
  @ApiProperty() uptime_seconds: number;
}
