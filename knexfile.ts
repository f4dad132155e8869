import type { Knex } from 'knex';
import { loadConfig } from './src/config.js';
import { connectionSettings } from './src/db/database.js';
import { migrationSource } from './src/db/migration-source.js';

// For the knex CLI against the compiled tree: `npx knex --knexfile dist/knexfile.js migrate:status`.
const config = loadConfig();

const knexConfig: Knex.Config = {
  client: 'mysql2',
  connection: { ...connectionSettings(config.databaseUrl), dateStrings: ['DATE'] as unknown as boolean, timezone: 'Z' },
  migrations: { migrationSource, tableName: 'knex_migrations' },
};

export default knexConfig;
