import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { setKnownTimeZones } from '../common/validators/is-time-zone';

/** Loads PostgreSQL's zone names once at start, for the time-zone validator (see is-time-zone.ts). */
@Injectable()
export class TimeZoneCatalog implements OnModuleInit {
  private readonly logger = new Logger(TimeZoneCatalog.name);

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    const rows = await this.dataSource.query<Array<{ name: string }>>('SELECT name FROM pg_timezone_names');
    setKnownTimeZones(rows.map((row) => row.name));
    this.logger.log({ time_zones: rows.length }, 'time zone names loaded from PostgreSQL');
  }
}
