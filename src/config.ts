import { z } from 'zod';
import { issueSentence } from './shared/issue-sentences.js';

const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const redisUrls = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''))
  .pipe(
    z
      .array(url(['redis:', 'rediss:']))
      .refine((urls) => [1, 3, 5].includes(urls.length), 'must list 1, 3 or 5 Redis masters')
      .refine((urls) => new Set(urls).size === urls.length, 'must not list a master twice'),
  );

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
const DEV_WEBHOOK_SECRET = 'dev-only-webhook-secret-change-me-0123456789';

/** Every variable the service reads; the Kubernetes manifests are checked against these names. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: intIn(0, 65535).default(3000),
  DATABASE_URL: url(['mysql:', 'mariadb:']).default('mysql://root@127.0.0.1:3306/travel_orders'),
  DB_POOL_MAX: intIn(1, 500).default(20),
  REDIS_URLS: redisUrls.default(['redis://127.0.0.1:6379']),
  IDEMPOTENCY_REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_:.-]{0,64}$/, 'must be up to 64 letters, digits or _:.-').default('travel-orders:'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PAYMENT_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ORDER_TTL_SECONDS: intIn(10, 7 * 24 * 3600).default(900),
  EXPIRY_SWEEP_INTERVAL_MS: intIn(100, 3_600_000).default(5000),
  LOCK_TTL_MS: intIn(500, 60_000).default(5000),
  LOCK_WAIT_MS: intIn(0, 60_000).default(2000),
  LOCK_HANDOFF: z.enum(['notify', 'poll']).default('notify'),
  PAYMENT_MARKER_TTL_SECONDS: intIn(5, 3600).default(30),
  REFUND_PROVIDER: z.enum(['mock', 'http', 'manual']).optional(),
  MAX_PENDING_UNITS_PER_ITEM: intIn(1, 1_000_000).default(10),
  MAX_PENDING_ORDERS_PER_USER: intIn(1, 1_000_000).default(10),
  RATE_LIMIT_USER_PER_MINUTE: intIn(0, 1_000_000).default(120),
  RATE_LIMIT_ADDRESS_PER_MINUTE: intIn(0, 10_000_000).default(600),
  TRUSTED_PROXIES: z
    .string()
    .transform((v) => v.split(',').map((p) => p.trim()).filter((p) => p !== ''))
    .pipe(z.array(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'must be a comma list of IP addresses or CIDR blocks')))
    .default([]),
  REFUND_PROVIDER_URL: url(['http:', 'https:']).optional(),
  SHUTDOWN_DELAY_MS: intIn(0, 60_000).default(3000),
  SHUTDOWN_GRACE_MS: intIn(0, 300_000).default(10_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: intIn(1000, 3_600_000).default(65_000),
  BODY_LIMIT_BYTES: intIn(256, 10_485_760).default(65_536),
  SEED_DEMO: z.enum(['0', '1']).default('1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FAULT_INJECTION: z.enum(['0', '1']).default('0'),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(128).default('travel-orders'),
});

export type Config = Readonly<{
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
  databaseUrl: string;
  dbPoolMax: number;
  redisUrls: readonly string[];
  idempotencyRedisUrl: string;
  /** Namespace for every key this service writes to Redis. */
  redisKeyPrefix: string;
  jwtSecret: string;
  paymentWebhookSecret: string;
  orderTtlSeconds: number;
  expirySweepIntervalMs: number;
  lockTtlMs: number;
  lockWaitMs: number;
  /** `notify`: a released lease is announced to waiting replicas (Redis pub/sub); `poll`: waiters only poll. */
  lockHandoff: 'notify' | 'poll';
  paymentMarkerTtlSeconds: number;
  /** Who is asked for refunds: `mock` answers by calling back (development), `http` posts to refundProviderUrl, `manual` waits. */
  refundProvider: 'mock' | 'http' | 'manual';
  refundProviderUrl: string | undefined;
  /** Holding limits: what one user may hold pending (exempt: admins and trusted clients). */
  maxPendingUnitsPerItem: number;
  maxPendingOrdersPerUser: number;
  /** Writes (book, pay, cancel) allowed per minute, per user and per client address, across replicas; 0 turns one off. */
  rateLimitUserPerMinute: number;
  rateLimitAddressPerMinute: number;
  /** Peers whose X-Forwarded-For is believed (the balancer); every other peer is its own client address. */
  trustedProxies: readonly string[];
  shutdownDelayMs: number;
  shutdownGraceMs: number;
  /** How long an idle keep-alive connection stays open: above the idle timeout of the balancer in front, so it closes first. */
  keepAliveTimeoutMs: number;
  bodyLimitBytes: number;
  seedDemo: boolean;
  logLevel: string;
  /** Test-only switches (delays, crashes) honoured only when set and never in production. */
  faultInjection: boolean;
  /** Where traces go (OTLP over HTTP; spans are posted to `<endpoint>/v1/traces`); unset: no tracing code is even loaded. */
  otlpEndpoint: string | undefined;
  otelServiceName: string;
}>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once; a bad value throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw, { error: issueSentence });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue?.message ?? 'invalid'}`);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  const secret = (name: 'JWT_SECRET' | 'PAYMENT_WEBHOOK_SECRET', devDefault: string): string => {
    const value = c[name];
    if (value !== undefined) return value;
    if (production) throw new ConfigError(`${name}: is required when NODE_ENV is production`);
    return devDefault;
  };
  const refundProvider = c.REFUND_PROVIDER ?? (c.REFUND_PROVIDER_URL ? 'http' : production ? 'manual' : 'mock');
  if (refundProvider === 'http' && !c.REFUND_PROVIDER_URL) throw new ConfigError('REFUND_PROVIDER_URL: is required when REFUND_PROVIDER is http');
  if (production && refundProvider === 'mock') throw new ConfigError('REFUND_PROVIDER: mock must not be used when NODE_ENV is production');
  if (production && c.FAULT_INJECTION === '1') {
    throw new ConfigError('FAULT_INJECTION: must not be enabled when NODE_ENV is production');
  }
  const firstRedis = c.REDIS_URLS[0] as string;
  return Object.freeze({
    nodeEnv: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    dbPoolMax: c.DB_POOL_MAX,
    redisUrls: Object.freeze([...c.REDIS_URLS]),
    idempotencyRedisUrl: c.IDEMPOTENCY_REDIS_URL ?? firstRedis,
    redisKeyPrefix: c.REDIS_KEY_PREFIX,
    jwtSecret: secret('JWT_SECRET', DEV_JWT_SECRET),
    paymentWebhookSecret: secret('PAYMENT_WEBHOOK_SECRET', DEV_WEBHOOK_SECRET),
    orderTtlSeconds: c.ORDER_TTL_SECONDS,
    expirySweepIntervalMs: c.EXPIRY_SWEEP_INTERVAL_MS,
    lockTtlMs: c.LOCK_TTL_MS,
    lockWaitMs: c.LOCK_WAIT_MS,
    lockHandoff: c.LOCK_HANDOFF,
    paymentMarkerTtlSeconds: c.PAYMENT_MARKER_TTL_SECONDS,
    refundProvider,
    refundProviderUrl: c.REFUND_PROVIDER_URL,
    maxPendingUnitsPerItem: c.MAX_PENDING_UNITS_PER_ITEM,
    maxPendingOrdersPerUser: c.MAX_PENDING_ORDERS_PER_USER,
    rateLimitUserPerMinute: c.RATE_LIMIT_USER_PER_MINUTE,
    rateLimitAddressPerMinute: c.RATE_LIMIT_ADDRESS_PER_MINUTE,
    trustedProxies: Object.freeze([...c.TRUSTED_PROXIES]),
    shutdownDelayMs: c.SHUTDOWN_DELAY_MS,
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    keepAliveTimeoutMs: c.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    seedDemo: c.SEED_DEMO === '1',
    logLevel: c.LOG_LEVEL,
    faultInjection: c.FAULT_INJECTION === '1',
    otlpEndpoint: c.OTEL_EXPORTER_OTLP_ENDPOINT,
    otelServiceName: c.OTEL_SERVICE_NAME,
  });
}

/** A URL with its password replaced, for messages and logs. */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable URL>';
  }
}
