import { expect } from 'chai';
import { ConfigError, loadConfig, redactUrl } from '../../src/config.js';

const fails = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected loadConfig to fail');
};

describe('configuration', () => {
  it('has the contract defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3000);
    expect(c.databaseUrl).to.equal('mysql://root@127.0.0.1:3306/travel_orders');
    expect(c.redisUrls).to.deep.equal(['redis://127.0.0.1:6379']);
    expect(c.idempotencyRedisUrl).to.equal('redis://127.0.0.1:6379');
    expect(c.orderTtlSeconds).to.equal(900);
    expect(c.lockTtlMs).to.equal(5000);
    expect(c.lockWaitMs).to.equal(2000);
    expect(c.shutdownGraceMs).to.equal(10000);
    expect(c.keepAliveTimeoutMs, 'above the 60 s idle timeout of common balancers').to.equal(65000);
    expect(loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '620000' }).keepAliveTimeoutMs, 'behind a 600 s balancer').to.equal(620000);
    expect(c.logLevel).to.equal('info');
    expect(Object.isFrozen(c)).to.equal(true);
  });

  it('names the variable and the problem in one line', () => {
    for (const [env, name] of [
      [{ PORT: 'eighty' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ LOCK_TTL_MS: '1.5' }, 'LOCK_TTL_MS'],
      [{ LOCK_WAIT_MS: '-1' }, 'LOCK_WAIT_MS'],
      [{ ORDER_TTL_SECONDS: '0' }, 'ORDER_TTL_SECONDS'],
      [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL'],
      [{ REDIS_URLS: 'redis://a:1,redis://b:2' }, 'REDIS_URLS'],
      [{ REDIS_URLS: 'redis://a:1,redis://a:1,redis://b:2' }, 'REDIS_URLS'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ HTTP_KEEP_ALIVE_TIMEOUT_MS: '500' }, 'HTTP_KEEP_ALIVE_TIMEOUT_MS'],
      [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    ] as const) {
      const message = fails(env as Record<string, string>);
      expect(message.startsWith(`${name}:`), message).to.equal(true);
      expect(message).to.not.include('\n');
    }
  });

  it('accepts 1, 3 or 5 Redis masters', () => {
    expect(loadConfig({ REDIS_URLS: 'redis://a:1, redis://b:2 ,redis://c:3' }).redisUrls).to.have.length(3);
    expect(loadConfig({ REDIS_URLS: 'redis://a:1,redis://b:2,redis://c:3,redis://d:4,redis://e:5' }).redisUrls).to.have.length(5);
  });

  it('gives development secrets outside production and refuses to start without them in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).jwtSecret.length).to.be.greaterThan(31);
    expect(fails({ NODE_ENV: 'production', PAYMENT_WEBHOOK_SECRET: 'x'.repeat(40) })).to.match(/^JWT_SECRET: is required/);
    expect(fails({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).to.match(/^PAYMENT_WEBHOOK_SECRET: is required/);
    const prod = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), PAYMENT_WEBHOOK_SECRET: 'w'.repeat(40) });
    expect(prod.jwtSecret).to.equal('j'.repeat(40));
  });

  it('never enables test fault switches in production', () => {
    expect(fails({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), PAYMENT_WEBHOOK_SECRET: 'w'.repeat(40), FAULT_INJECTION: '1' })).to.match(/^FAULT_INJECTION:/);
  });

  it('hides passwords in URLs it prints', () => {
    expect(redactUrl('mysql://root:hunter2@db:3306/x')).to.equal('mysql://root:***@db:3306/x');
    expect(redactUrl('redis://127.0.0.1:6379')).to.equal('redis://127.0.0.1:6379');
  });
});
