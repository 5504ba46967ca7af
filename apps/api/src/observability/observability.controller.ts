import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HealthResponse } from '@stint/contracts';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorators';
import { RedisConnection } from '../redis/redis-connection';
import { HealthResponseDto } from './health-response.dto';
import { Metrics } from './metrics';

const HEALTH_QUERY_TIMEOUT_MS = 1_000;
const VERSION = process.env.npm_package_version ?? '0.1.0';

@ApiTags('health')
@SkipThrottle()
@Controller()
export class ObservabilityController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
    private readonly metrics: Metrics,
  ) {}

  /** Database and cache state; 503 while the database can't answer. */
  @Get('health')
  @Public()
  @ApiOkResponse({ type: HealthResponseDto, description: 'Healthy or degraded (cache down)' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const database = (await this.databaseAnswers()) ? 'up' : 'down';
    const cache = !this.redis.configured ? 'memory' : this.redis.ready ? 'up' : 'down';
    const status = database === 'down' ? 'down' : cache === 'down' ? 'degraded' : 'ok';
    if (database === 'down') reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status, database, cache, version: VERSION, uptime_seconds: Math.round(process.uptime()) };
  }

  @Get('metrics')
  @Public()
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), HEALTH_QUERY_TIMEOUT_MS)))]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
