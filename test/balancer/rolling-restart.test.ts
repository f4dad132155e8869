import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { startHaproxy, type BackendState, type HaproxyProcess } from '../../src/cluster/haproxy.js';
import { freePort, spawnReplica, track, waitExit } from '../../src/cluster/processes.js';
import { auditStock } from '../../src/inventory/stock-audit.js';
import { call, catalogue, contact, expectStockMatchesOrders, futureDate, newUser, range, testDb, testEnv, tokenFor, type Res } from '../support/harness.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { attempt, isConnectionFailure, sleep, waitFor, type ConnectionFailure } from '../faults/fault-kit.js';

/** What a request came to: the service answered (its own status), HAProxy answered itself, or the connection failed. */
type Outcome = { by: 'service'; status: number; code?: string; orderSn?: string; replica: string } | { by: 'balancer'; status: number; text: string } | { by: 'connection'; cause: string };

/**
 * HAProxy names the replica on every answer a replica made (`X-Served-By`, deploy/haproxy.cfg); its own 502/503/504
 * pages carry no such header and are HTML, where the service's errors are JSON with a code.
 */
export function originOf(res: Res | ConnectionFailure): Outcome {
  if (isConnectionFailure(res)) return { by: 'connection', cause: res.cause };
  const replica = res.headers.get('x-served-by');
  const code = res.body?.error?.code as string | undefined;
  if (!replica) return { by: 'balancer', status: res.status, text: res.text.slice(0, 120) };
  return { by: 'service', status: res.status, replica, ...(code ? { code } : {}), ...(res.body?.orderSn ? { orderSn: String(res.body.orderSn) } : {}) };
}

const SHUTDOWN_DELAY_MS = 2500;
const CHECK_INTERVAL_MS = 300;

describe(`balancer: a rolling restart behind HAProxy (SIGTERM each of 3 replicas in turn, SHUTDOWN_DELAY_MS ${SHUTDOWN_DELAY_MS}, /readyz checked every ${CHECK_INTERVAL_MS} ms)`, function () {
  this.timeout(180_000);
  let cluster: Cluster;
  let haproxy: HaproxyProcess;

  before(async () => {
    cluster = await startCluster({ env: { SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS), SHUTDOWN_GRACE_MS: '5000', TRUSTED_PROXIES: '127.0.0.1' } });
    haproxy = await startHaproxy({ backends: cluster.replicas.map((r) => r.url), checkIntervalMs: CHECK_INTERVAL_MS });
    const up = await waitFor(async () => ((await haproxy.backends()).every((b) => b.status === 'UP') ? true : undefined), { tries: 100, everyMs: 100 });
    expect(up, 'HAProxy sees every replica up').to.equal(true);
  });
  after(async () => {
    await haproxy?.stop();
    await cluster?.stop();
  });

  it('under booking load through HAProxy loses no accepted request, answers no 5xx made by the balancer, and every order a client was told of exists, none other', async () => {
    const cat = catalogue(cluster.replicas[0]?.url as string);
    const route = await cat.aRoute({ groupSize: 100_000 });
    // A small route sells out during the restart: its 409s are answers like any other.
    const small = await cat.aRoute({ groupSize: 20 });
    const { hotel, roomType } = await cat.aHotel({ totalRooms: 100_000 });
    const spot = await cat.aScenicSpot({ dailyQuota: null });
    const workers = 6;
    const tokens = await Promise.all(range(workers).map(() => tokenFor(newUser('rolling'))));
    const bodyOf = (i: number) => {
      if (i % 4 === 0) return { itemType: 'route', itemId: route.id, quantity: 1 };
      if (i % 4 === 1) return { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn: futureDate(50 + (i % 5)), checkOut: futureDate(52 + (i % 5)), quantity: 1 };
      if (i % 4 === 2) return { itemType: 'scenic', itemId: spot.id, visitDate: futureDate(50 + (i % 5)), quantity: 1 };
      return { itemType: 'route', itemId: small.id, quantity: 1 };
    };
    type Sent = { key: string; worker: number; body: Record<string, unknown>; outcome: Outcome; phase: string };
    const sent: Sent[] = [];
    const state = { stop: false, phase: 'all up' };
    const send = async (worker: number, key: string, body: Record<string, unknown>) =>
      originOf(await attempt(haproxy.url, 'POST', '/api/v1/orders', { token: tokens[worker] as string, body: { ...contact, ...body }, headers: { 'Idempotency-Key': key } }));
    const load = Promise.all(
      range(workers).map(async (w) => {
        for (let i = 0; !state.stop; i += 1) {
          const key = `rolling-${w}-${i}`;
          const body = bodyOf(i * workers + w);
          const phase = state.phase;
          sent.push({ key, worker: w, body, outcome: await send(w, key, body), phase });
          await sleep(10);
        }
      }),
    );

    // Watches HAProxy's view of each replica throughout.
    const seen: BackendState[][] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        seen.push(await haproxy.backends());
        await sleep(100);
      }
    })();

    const exits: Array<{ code: number | null; signal: NodeJS.Signals | null }> = [];
    const restartMs: number[] = [];
    try {
      await sleep(1000);
      for (const i of range(cluster.replicas.length)) {
        const victim = cluster.replicas[i] as Cluster['replicas'][number];
        const name = `replica${i + 1}`;
        state.phase = `${name} restarting`;
        const started = Date.now();
        victim.child.kill('SIGTERM');
        exits.push(await victim.exited);
        cluster.replicas[i] = await spawnReplica(cluster.env, { port: victim.port });
        const back = await waitFor(async () => ((await haproxy.backends()).find((b) => b.name === name)?.status === 'UP' ? true : undefined), { tries: 200, everyMs: 50 });
        expect(back, `${name} back in HAProxy's pool`).to.equal(true);
        restartMs.push(Date.now() - started);
        state.phase = `${name} back`;
        await sleep(500);
      }
    } finally {
      state.stop = true;
      await load;
      watching = false;
      await watcher;
    }

    // Requests without a service answer (none are expected) are retried with their own key before anything is counted.
    const unanswered = sent.filter((s) => s.outcome.by !== 'service');
    const retried: Outcome[] = [];
    for (const s of unanswered) {
      let outcome = s.outcome;
      for (let t = 0; t < 20 && outcome.by !== 'service'; t += 1) {
        outcome = await send(s.worker, s.key, s.body);
        if (outcome.by !== 'service') await sleep(200);
      }
      retried.push(outcome);
    }
    const answers = [...sent.filter((s) => s.outcome.by === 'service').map((s) => s.outcome), ...retried];
    const told = new Set(answers.flatMap((o) => (o.by === 'service' && o.status === 201 && o.orderSn ? [o.orderSn] : [])));
    const byStatus = (list: Outcome[]) => {
      const counts: Record<string, number> = {};
      for (const o of list) {
        const k = o.by === 'connection' ? `connection ${o.cause}` : o.by === 'balancer' ? `balancer ${o.status}` : `${o.status}${o.code ? ` ${o.code}` : ''}`;
        counts[k] = (counts[k] ?? 0) + 1;
      }
      return counts;
    };
    const [rows] = await testDb().raw(
      `SELECT DISTINCT o.order_sn AS sn FROM orders o JOIN order_items oi ON oi.order_id = o.id
        WHERE (oi.item_type = 'route' AND oi.item_id IN (?, ?)) OR (oi.item_type = 'hotel' AND oi.room_type_id = ?) OR (oi.item_type = 'scenic' AND oi.item_id = ?)`,
      [route.id, small.id, roomType.id, spot.id],
    );
    const stored = new Set((rows as Array<{ sn: string }>).map((r) => r.sn));
    const service5xx = answers.filter((o) => o.by === 'service' && o.status >= 500).length;
    const balancer5xx = sent.filter((s) => s.outcome.by === 'balancer' && s.outcome.status >= 500).length;
    const servedAfter = (name: string) => sent.filter((s) => s.phase === `${name} back` && s.outcome.by === 'service' && s.outcome.replica === name).length;
    process.stdout.write(
      `      (${sent.length} requests through HAProxy during the rolling restart; answers ${JSON.stringify(byStatus(sent.map((s) => s.outcome)))}; ` +
        `5xx by origin: service ${service5xx}, balancer ${balancer5xx}; unanswered and retried ${unanswered.length}; ` +
        `orders checked ${stored.size} (clients told of ${told.size}); restart of each replica took ${restartMs.join(', ')} ms)\n`,
    );

    expect(sent.filter((s) => s.outcome.by !== 'service').map((s) => s.outcome), 'no answer made by HAProxy, no failed connection').to.deep.equal([]);
    // A 5xx the service made is its own JSON answer (503 LOCK_BUSY under contention), never a request cut off by the restart.
    expect(answers.filter((o) => o.by === 'service' && o.status >= 500 && o.code !== 'LOCK_BUSY'), 'no 5xx from the service but LOCK_BUSY').to.deep.equal([]);
    expect(answers.filter((o) => o.by === 'service' && o.status === 201).length, 'bookings accepted').to.be.greaterThan(100);
    expect(answers.filter((o) => o.by === 'service' && o.status === 409 && o.code === 'INSUFFICIENT_STOCK').length, 'the small route sold out').to.be.greaterThan(0);
    expect(exits, 'every replica drained and exited 0').to.deep.equal(range(3).map(() => ({ code: 0, signal: null })));
    for (const name of ['replica1', 'replica2', 'replica3']) {
      expect(seen.some((states) => states.find((b) => b.name === name)?.status.startsWith('DOWN')), `HAProxy took ${name} out while it drained`).to.equal(true);
      expect(servedAfter(name), `${name} served again once back`).to.be.greaterThan(0);
    }
    expect([...told].filter((sn) => !stored.has(sn)), 'every order a client was told of exists').to.deep.equal([]);
    expect([...stored].filter((sn) => !told.has(sn)), 'no order that no client was told of').to.deep.equal([]);
    expect(await auditStock(testDb()), 'no drift').to.deep.equal([]);
    await expectStockMatchesOrders();
  });
});

describe('npm run cluster: HAProxy in front of the replicas by default, one URL printed', function () {
  this.timeout(120_000);

  it('prints one URL that balances over every replica, and Ctrl-C stops everything it started', async () => {
    const cli = fileURLToPath(new URL('../../src/cli/cluster.js', import.meta.url));
    const port = await freePort();
    // The second replica takes port + 1, so the balancer's port must be neither.
    let balancerPort = await freePort();
    while (balancerPort === port || balancerPort === port + 1) balancerPort = await freePort();
    const child = spawn(process.execPath, [cli, '--replicas', '2', '--masters', '1', '--port', String(port), '--balancer-port', String(balancerPort)], {
      env: { ...process.env, ...testEnv({ LOG_LEVEL: 'silent' }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const printed = await waitFor(async () => (err.includes('Ctrl-C') ? out : undefined), { tries: 600, everyMs: 100 });
      expect(printed, `the CLI started: ${err}`).to.be.a('string');
      expect(out, 'exactly one URL on stdout').to.equal(`http://127.0.0.1:${balancerPort}\n`);
      const url = out.trim();
      const ready = await waitFor(async () => ((await call(url, 'GET', '/readyz')).status === 200 ? true : undefined), { tries: 100, everyMs: 100 });
      expect(ready, 'the balancer URL answers /readyz').to.equal(true);
      const servedBy = new Set<string>();
      for (let i = 0; i < 6; i += 1) servedBy.add((await call(url, 'GET', '/api/v1/routes')).headers.get('x-served-by') ?? 'HAProxy itself');
      expect([...servedBy].sort(), 'round robin over both replicas').to.deep.equal(['replica1', 'replica2']);
    } finally {
      child.kill('SIGINT');
    }
    expect(await waitExit(child, 30_000), err).to.equal(0);
    for (const p of [balancerPort, port, port + 1]) {
      expect(await fetch(`http://127.0.0.1:${p}/healthz`).then(() => 'answered', () => 'closed'), `port ${p} after Ctrl-C`).to.equal('closed');
    }
  });
});
