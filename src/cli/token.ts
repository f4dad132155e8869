import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createAuthenticator } from '../http/auth.js';

/** Prints a development JWT: npm run token -- --sub alice [--admin] [--ttl 3600] */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sub: { type: 'string', default: 'alice' }, admin: { type: 'boolean', default: false }, ttl: { type: 'string', default: '86400' } } });
  const config = loadConfig();
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new ConfigError('--ttl: must be a positive number of seconds');
  const token = await createAuthenticator(config.jwtSecret).issue(values.sub, { admin: values.admin, ttlSeconds: ttl });
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`token: ${(err as Error).message}\n`);
  process.exit(2);
});
