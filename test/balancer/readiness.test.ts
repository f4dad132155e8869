import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { startHaproxy, type BackendState, type HaproxyProcess } from '../../src/cluster/haproxy.js';
import { spawnReplica, type RedisProcess } from '../../src/cluster/processes.js';
import { READINESS_BOUND_MS } from '../../src/ops/readiness.js';
import { call, catalogue, contact, everyMasterConnected, expectStockMatchesOrders, futureDate, newUser, range, testDatabaseUrl, testDb, testEnv, tokenFor, type Res } from '../support/harness.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { attempt, isConnectionFailure, sleep, waitFor, type ConnectionFailure } from '../faults/fault-kit.js';

/** What HAProxy answers itself when it has no backend left to send a request to. */
const HAPROXY_NO_SERVER = /No server is available to handle this request/;

type Poll = { replica: number; afterFaultMs: number; ms: number; res: Res | ConnectionFailure };

/** Polls `/readyz` on every replica directly, one request at a time per replica, until `stop()`. */
function pollReadiness(urls: readonly string[], faultAt: () => number, everyMs = 40) {
  const polls: Poll[] = [];
  let stopped = false;
  const done = Promise.all(
    urls.map(async (url, replica) => {
      while (!stopped) {
        const started = performance.now();
        const res = await attempt(url, 'GET', '/readyz');
        polls.push({ replica, afterFaultMs: started - faultAt(), ms: performance.now() - started, res });
        await sleep(everyMs);
      }
    }),
  );
  return {
    polls,
    async stop() {
      stopped = true;
      await done;
      return polls;
    },
  };
}

const statusOf = (p: Poll) => (isConnectionFailure(p.res) ? `conn ${p.res.cause}` : p.res.status);
const mastersOf = (p: Poll) => (isConnectionFailure(p.res) ? '' : String(p.res.body?.checks?.redisLockMasters ?? ''));
const slowest = (polls: readonly Poll[]) => Math.max(...polls.map((p) => p.ms));
const summary = (polls: readonly Poll[]) => {
  const ms = polls.map((p) => p.ms).sort((a, b) => a - b);
  const q = (f: number) => (ms[Math.min(ms.length - 1, Math.floor(f * ms.length))] ?? NaN).toFixed(1);
  return `${polls.length} answers, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`;
};

describe('balancer: HAProxy in front of 3 replicas (check GET /readyz every 300 ms, no timeout check), 3 lock masters', function () {
  this.timeout(180_000);
  let cluster: Cluster;
  let haproxy: HaproxyProcess;
  let urls: string[];
  let cat: ReturnType<typeof catalogue>;

  const backends = () => haproxy.backends();
  /** Waits until every backend's status is exactly `status` and its last check is `lastCheck` (when given). */
  const allBackends = async (status: string, lastCheck?: string) =>
    (await waitFor(async () => ((await backends()).every((b) => b.status === status && (!lastCheck || b.lastCheck === lastCheck)) ? true : undefined), { tries: 100, everyMs: 100 })) === true;

  before(async () => {
    cluster = await startCluster();
    urls = cluster.replicas.map((r) => r.url);
    haproxy = await startHaproxy({ backends: urls, checkIntervalMs: 300 });
    cat = catalogue(urls[0] as string);
    expect(await allBackends('UP', 'L7OK'), `HAProxy sees every replica pass: ${JSON.stringify(await backends())}`).to.equal(true);
  });
  after(async () => {
    await haproxy?.stop();
    await cluster?.stop();
  });
  afterEach(async () => expectStockMatchesOrders());

  /** Four clients booking a route, a hotel and a scenic spot through HAProxy, each answer tagged with its phase. */
  async function startLoad(base: string) {
    const route = await cat.aRoute({ groupSize: 100_000 });
    const { hotel, roomType } = await cat.aHotel({ totalRooms: 100_000 });
    const spot = await cat.aScenicSpot({ dailyQuota: null });
    const tokens = await Promise.all(range(4).map(() => tokenFor(newUser())));
    const body = (i: number) => {
      if (i % 3 === 0) return { itemType: 'route', itemId: route.id, quantity: 1 };
      if (i % 3 === 1) return { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn: futureDate(40 + (i % 5)), checkOut: futureDate(42 + (i % 5)), quantity: 1 };
      return { itemType: 'scenic', itemId: spot.id, visitDate: futureDate(40 + (i % 5)), quantity: 1 };
    };
    const state = { phase: 'all-up', stop: false };
    const answers: Array<{ phase: string; outcome: string }> = [];
    const done = Promise.all(
      range(4).map(async (w) => {
        for (let i = w; !state.stop; i += 4) {
          const phase = state.phase;
          const res = await attempt(base, 'POST', '/api/v1/orders', { token: tokens[w] as string, body: { ...contact, ...body(i) } });
          const outcome = isConnectionFailure(res)
            ? `conn ${res.cause}`
            : res.status === 201
              ? '201'
              : HAPROXY_NO_SERVER.test(res.text)
                ? `${res.status} from HAProxy`
                : `${res.status} ${res.body?.error?.code ?? res.text.slice(0, 60)}`;
          answers.push({ phase: phase === state.phase ? phase : `${phase}→${state.phase}`, outcome });
          await sleep(15);
        }
      }),
    );
    return {
      answers,
      set phase(p: string) {
        state.phase = p;
      },
      async stop() {
        state.stop = true;
        await done;
      },
      async ordersOnItems(): Promise<number> {
        const [[row]] = await testDb().raw(
          `SELECT COUNT(DISTINCT o.id) AS n FROM orders o JOIN order_items oi ON oi.order_id = o.id
            WHERE (oi.item_type = 'route' AND oi.item_id = ?) OR (oi.item_type = 'hotel' AND oi.room_type_id = ?) OR (oi.item_type = 'scenic' AND oi.item_id = ?)`,
          [route.id, roomType.id, spot.id],
        );
        return Number(row.n);
      },
    };
  }

  it(`one master frozen for 5 s: every replica's /readyz answers 200 within ${READINESS_BOUND_MS} ms showing 2/3 up, HAProxy keeps every replica and bookings through it go on; two frozen: 503 within ${READINESS_BOUND_MS} ms`, async () => {
    const [, m1, m2] = cluster.masters as [RedisProcess, RedisProcess, RedisProcess];
    const load = await startLoad(haproxy.url);
    let frozenAt = 0;
    const frozen = new Set<RedisProcess>();
    let oneFrozen: Poll[] = [];
    let twoFrozen: Poll[] = [];
    const states: BackendState[][] = [];
    const gauges: string[] = [];
    let before: BackendState[] = [];
    let allDown = false;
    let haproxyAnswer: Res | ConnectionFailure | undefined;
    try {
      await sleep(1000);
      before = await backends();

      load.phase = 'one-frozen';
      m1.pause();
      frozen.add(m1);
      frozenAt = performance.now();
      const poller = pollReadiness(urls, () => frozenAt);
      for (let t = 0; t < 25; t += 1) {
        await sleep(200);
        states.push(await backends());
        if (t === 12) gauges.push(...(await Promise.all(urls.map(async (u) => (await call(u, 'GET', '/metrics')).text))));
      }
      oneFrozen = await poller.stop();
      load.phase = 'stopping';
      await load.stop();

      m2.pause();
      frozen.add(m2);
      frozenAt = performance.now();
      // A PING sent just before the second freeze may still be answered: poll from 50 ms after it.
      await sleep(50);
      const poller2 = pollReadiness(urls, () => frozenAt);
      allDown = await allBackends('DOWN');
      haproxyAnswer = await attempt(haproxy.url, 'GET', '/api/v1/routes');
      await sleep(1000);
      twoFrozen = await poller2.stop();
    } finally {
      await load.stop();
      for (const m of frozen) m.resume();
    }

    process.stdout.write(`      (one master frozen: ${summary(oneFrozen)}; two frozen: ${summary(twoFrozen)})\n`);
    const after = states[states.length - 1] ?? [];
    process.stdout.write(`      (HAProxy failed checks while one master was frozen: ${after.map((b, i) => `${b.name} ${b.failedChecks - (before[i]?.failedChecks ?? 0)}`).join(', ')})\n`);

    expect(oneFrozen.length, 'readiness answers while one master was frozen').to.be.greaterThan(30);
    expect(oneFrozen.filter((p) => statusOf(p) !== 200).map((p) => `${p.replica}: ${statusOf(p)} ${JSON.stringify((p.res as Res).body)}`), 'every /readyz 200 with one master frozen').to.deep.equal([]);
    expect(slowest(oneFrozen), `slowest /readyz with one master frozen (ms)`).to.be.below(READINESS_BOUND_MS);
    for (const r of range(3)) expect(oneFrozen.filter((p) => p.replica === r).length, `answers from replica ${r}`).to.be.greaterThan(10);
    // The frozen master shows in the body once its first PING went unanswered (the check's deadline, 150 ms).
    const settled = oneFrozen.filter((p) => p.afterFaultMs > 500);
    expect(settled.filter((p) => !mastersOf(p).startsWith(`2/3 up, 2 needed; down: ${m1.url} `)).map(mastersOf), 'the body names the frozen master').to.deep.equal([]);
    for (const text of gauges) {
      expect(text, 'redis_master_up of the frozen master').to.include(`redis_master_up{master="${m1.url}"} 0`);
      expect(text.match(/^redis_master_up\{[^}]*\} 1$/gm), 'redis_master_up of the others').to.have.length(2);
    }

    expect(states.flat().filter((b) => !b.status.startsWith('UP')), 'HAProxy kept every replica in').to.deep.equal([]);
    expect(after.map((b) => b.timesDown), 'HAProxy never took a replica out').to.deep.equal(before.map((b) => b.timesDown));
    const answers = load.answers.filter((a) => a.phase === 'one-frozen');
    expect(answers.filter((a) => a.outcome === '201').length, 'bookings accepted through HAProxy with one master frozen').to.be.greaterThan(20);
    expect(load.answers.filter((a) => !['201', '503 LOCK_BUSY'].includes(a.outcome)), 'no answer from HAProxy itself, no dropped connection').to.deep.equal([]);
    expect(await load.ordersOnItems(), 'orders on the items = 201 answers').to.equal(load.answers.filter((a) => a.outcome === '201').length);

    expect(twoFrozen.length, 'readiness answers while two masters were frozen').to.be.greaterThan(10);
    expect(twoFrozen.filter((p) => statusOf(p) !== 503).map(statusOf), 'every /readyz 503 with two masters frozen').to.deep.equal([]);
    expect(slowest(twoFrozen), 'slowest /readyz with two masters frozen (ms)').to.be.below(READINESS_BOUND_MS);
    for (const p of twoFrozen) expect((p.res as Res).body.reasons.join(' ')).to.match(/^redis: only 1 of 3 lock masters answer; 2 needed$/);
    expect(allDown, 'HAProxy took every replica out without a quorum').to.equal(true);
    expect(haproxyAnswer && !isConnectionFailure(haproxyAnswer) && haproxyAnswer.status === 503 && HAPROXY_NO_SERVER.test(haproxyAnswer.text), 'HAProxy answers 503 itself').to.equal(true);

    const reconnect = await everyMasterConnected(urls, 3);
    expect(reconnect.connected, 'every replica sees every master after the thaw').to.equal(true);
    expect(await allBackends('UP', 'L7OK'), 'HAProxy puts every replica back').to.equal(true);
    const route = await cat.aRoute({ groupSize: 10 });
    const booked = await call(haproxy.url, 'POST', '/api/v1/orders', { token: await tokenFor(newUser()), body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } });
    expect(booked.status, booked.text).to.equal(201);
  });

  it(`MySQL hangs for 5 s (a paused TCP proxy in front of the real MariaDB): /readyz answers 503 within ${READINESS_BOUND_MS} ms throughout, with one probe connection at a time, and is ready again after`, async () => {
    const database = new URL(testDatabaseUrl());
    const proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 3306) });
    const proxied = new URL(database);
    proxied.port = String(proxy.port);
    // No expiry sweep: the proxy's connection count is then the readiness probe's alone.
    const replica = await spawnReplica(testEnv({ DATABASE_URL: proxied.toString(), REDIS_URLS: cluster.env['REDIS_URLS'] as string, EXPIRY_SWEEP_INTERVAL_MS: '600000', LOG_LEVEL: 'warn' }));
    let hung: Poll[] = [];
    let opened = 0;
    let liveness = 0;
    let recovered = false;
    try {
      expect((await call(replica.url, 'GET', '/readyz')).status).to.equal(200);
      const acceptedBefore = proxy.accepted;
      proxy.pause();
      const pausedAt = performance.now();
      await sleep(50);
      const poller = pollReadiness([replica.url], () => pausedAt);
      await sleep(2500);
      liveness = (await call(replica.url, 'GET', '/healthz')).status;
      await sleep(2450);
      hung = await poller.stop();
      opened = proxy.accepted - acceptedBefore;
    } finally {
      proxy.resume();
    }
    try {
      recovered = (await waitFor(async () => ((await call(replica.url, 'GET', '/readyz')).status === 200 ? true : undefined), { tries: 100, everyMs: 100 })) === true;
    } finally {
      await replica.stop('SIGKILL');
      await proxy.stop();
    }

    process.stdout.write(`      (MySQL hung: ${summary(hung)}; connections opened meanwhile ${opened})\n`);
    expect(hung.length, 'readiness answers while MySQL hung').to.be.greaterThan(30);
    expect(hung.filter((p) => statusOf(p) !== 503).map(statusOf), 'every /readyz 503 while MySQL hung').to.deep.equal([]);
    expect(slowest(hung), 'slowest /readyz while MySQL hung (ms)').to.be.below(READINESS_BOUND_MS);
    for (const p of hung) {
      expect((p.res as Res).body.checks.mysql).to.equal('down');
      expect((p.res as Res).body.reasons.join(' ')).to.match(/^mysql: /);
    }
    // One attempt at a time, each given up after 1 s: about one new connection a second, not one per probe.
    expect(opened, 'connections opened to the hung MySQL').to.be.at.most(7);
    expect(liveness, 'liveness does not depend on MySQL').to.equal(200);
    expect(recovered, 'ready again once MySQL answers').to.equal(true);
  });
});
