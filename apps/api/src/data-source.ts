import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { dataSourceOptions } from './database/data-source-options';

/** For the TypeORM CLI (migration:generate / the drift check). */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/stint_migrations', 2, [], ENTITIES));
