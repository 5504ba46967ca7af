export * from './common.js';
export * from './errors.js';
export * from './users.js';
export * from './auth.js';
export * from './health.js';
export * from './routes.js';
export * from './client.js';
