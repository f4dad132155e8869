import { loadConfig } from '../config.js';
import { createAuthenticator } from '../http/auth.js';
import { UsageError, parseCommandLine, runCommand } from './command.js';

const NAME = 'token';
const USAGE = `
Usage: npm run token -- [--sub alice] [--admin] [--trusted] [--ttl 86400]

Prints a development JWT (HS256, signed with JWT_SECRET) on one line.
  --sub ID       the user the token is for (claim sub); default alice
  --admin        role admin: the admin operations, and exempt from the holding limits
  --trusted      the claim trusted: true, exempt from the holding limits (a travel agency booking for a group)
  --ttl SECONDS  how long it is valid; default 86400
  -h, --help     this text

Reads JWT_SECRET (the development secret outside production) and NODE_ENV.
Exit: 0 printed; 1 the configuration is refused; 2 the command line is wrong.
`;

runCommand(NAME, USAGE, async () => {
  const { values } = parseCommandLine({
    name: NAME,
    usage: USAGE,
    args: {
      options: {
        sub: { type: 'string', default: 'alice' },
        admin: { type: 'boolean', default: false },
        trusted: { type: 'boolean', default: false },
        ttl: { type: 'string', default: '86400' },
        help: { type: 'boolean', short: 'h' },
      },
    },
  });
  const ttl = Number(values.ttl);
  if (!/^\d+$/.test(values.ttl) || ttl <= 0) throw new UsageError(`--ttl: must be a positive whole number of seconds, not '${values.ttl}'`);
  if (values.sub.length === 0 || values.sub.length > 128) throw new UsageError('--sub: must be 1 to 128 characters');
  const config = loadConfig();
  const token = await createAuthenticator(config.jwtSecret).issue(values.sub, { admin: values.admin, trusted: values.trusted, ttlSeconds: ttl });
  process.stdout.write(`${token}\n`);
});
