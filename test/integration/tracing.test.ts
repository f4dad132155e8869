import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import pino from 'pino';
import { loadTracing, type Tracing } from '../../src/ops/tracing.js';
import { call, catalogue, contact, expectStockMatchesOrders, newUser, startApp, testConfig, tokenFor, type TestApp } from '../support/harness.js';

type OtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; startTimeUnixNano: string; endTimeUnixNano: string; attributes?: Array<{ key: string; value: Record<string, unknown> }> };

/** A tiny OTLP/HTTP receiver (JSON, as the exporter sends it) on a free loopback port: every span it is sent. */
async function otlpReceiver(): Promise<{ url: string; spans: OtlpSpan[]; paths: string[]; server: Server }> {
  const spans: OtlpSpan[] = [];
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: OtlpSpan[] }> }> };
      for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans.push(...(ss.spans ?? []));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, spans, paths, server };
}

const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes?.find((a) => a.key === key)?.value;
  return v ? (v['stringValue'] ?? v['intValue'] ?? v['boolValue']) : undefined;
};

describe('traces (OTEL_EXPORTER_OTLP_ENDPOINT set): the span tree of a booking, traceparent taken from the request, trace ids in the log', function () {
  this.timeout(60_000);
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let app: TestApp;
  let tracing: Tracing;
  const lines: Array<Record<string, unknown>> = [];

  before(async () => {
    receiver = await otlpReceiver();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    tracing = (await loadTracing(testConfig(env))) as Tracing;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const log = pino({ level: 'info', mixin: () => tracing.logFields() }, sink);
    app = await startApp(env, { tracing, log });
  });
  after(async () => {
    await app?.close();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  it('without the variable nothing of OpenTelemetry is loaded: loadTracing gives nothing, and only src/ops/otel.ts imports it, itself imported only on demand', async () => {
    expect(await loadTracing(testConfig())).to.equal(undefined);
    const src = fileURLToPath(new URL('../../../src/', import.meta.url));
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    const importers = files.filter((f) => /from '@opentelemetry\//.test(readFileSync(join(src, f), 'utf8')));
    expect(importers, 'modules that import @opentelemetry').to.deep.equal([join('ops', 'otel.ts')]);
    const staticOtel = files.filter((f) => /from '\.{1,2}\/(?:ops\/)?otel\.js'/.test(readFileSync(join(src, f), 'utf8')));
    expect(staticOtel, 'modules that import otel.ts statically').to.deep.equal([]);
    expect(readFileSync(join(src, 'ops', 'tracing.ts'), 'utf8')).to.match(/await import\('\.\/otel\.js'\)/);
  });

  it('a keyed booking with a traceparent: one trace, the request span under the caller\'s, and below it the lease wait, the transaction with its statements, and the Redis calls; its log lines carry the trace id', async () => {
    const cat = catalogue(app.url);
    const route = await cat.aRoute({ groupSize: 10 });
    const token = await tokenFor(newUser('traced'));
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const res = await call(app.url, 'POST', '/api/v1/orders', {
      token,
      body: { ...contact, itemType: 'route', itemId: route.id, quantity: 2 },
      headers: { traceparent: `00-${traceId}-${callerSpan}-01`, 'Idempotency-Key': `traced-${traceId}` },
    });
    expect(res.status, res.text).to.equal(201);
    await tracing.flush();

    expect(receiver.paths.every((p) => p.startsWith('POST /v1/traces application/json')), receiver.paths.join(', ')).to.equal(true);
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const under = (s: OtlpSpan, ancestor: OtlpSpan): boolean => {
      for (let p = s.parentSpanId ? byId.get(s.parentSpanId) : undefined; p; p = p.parentSpanId ? byId.get(p.parentSpanId) : undefined) if (p === ancestor) return true;
      return false;
    };
    const servers = spans.filter((s) => s.kind === 2);
    expect(servers.map((s) => [s.name, s.parentSpanId, attr(s, 'http.route'), Number(attr(s, 'http.response.status_code'))]), 'the request span').to.deep.equal([
      ['POST /api/v1/orders', callerSpan, '/api/v1/orders', 201],
    ]);
    const request = servers[0] as OtlpSpan;
    const waits = spans.filter((s) => s.name === 'lease.wait');
    expect(waits.length, 'lease waits').to.be.greaterThan(0);
    for (const w of waits) expect(w.parentSpanId, 'lease wait under the request').to.equal(request.spanId);
    expect(waits.map((w) => attr(w, 'lease.keys'))).to.include(`route:${route.id}`);
    const txns = spans.filter((s) => s.name === 'db.transaction');
    expect(txns.length, 'the booking transaction').to.equal(1);
    const txn = txns[0] as OtlpSpan;
    expect(under(txn, request), 'transaction under the request').to.equal(true);
    const held = waits.filter((w) => String(attr(w, 'lease.keys')).split(',').includes(`route:${route.id}`) && attr(w, 'lease.refused') !== true);
    const describeWaits = waits.map((w) => `${String(attr(w, 'lease.keys'))}${attr(w, 'lease.refused') ? ' (refused)' : ''} ${w.startTimeUnixNano}..${w.endTimeUnixNano}`).join('; ');
    expect(held.length, `the wait that got the route's lease: ${describeWaits}`).to.equal(1);
    // A span's start is a whole millisecond (the SDK takes it from Date.now()) and its end that plus a precise duration,
    // so the two are compared to the millisecond.
    const ms = (nanos: string) => BigInt(nanos) / 1_000_000n;
    expect(ms(txn.startTimeUnixNano) >= ms((held[0] as OtlpSpan).endTimeUnixNano), `the transaction (${txn.startTimeUnixNano}) starts once the lease is held: ${describeWaits}`).to.equal(true);
    const statements = spans.filter((s) => s.name.startsWith('mysql ') && s.parentSpanId === txn.spanId);
    // The re-read goes in one round trip (the user's holding row, the stock), the writes in another.
    const texts = statements.map((s) => String(attr(s, 'db.query.text')));
    expect(statements.length, `statements of the transaction: ${texts.join(' | ')}`).to.be.at.least(2);
    expect(texts.some((t) => /select[\s\S]*from `?routes`?/i.test(t)), 'the re-read of the route').to.equal(true);
    expect(texts.some((t) => /insert into `?orders`?/i.test(t)), 'the order\'s INSERT').to.equal(true);
    expect(statements.some((s) => /update `?routes`?/i.test(String(attr(s, 'db.query.text')))), 'the guarded UPDATE in the transaction').to.equal(true);
    const outside = spans.filter((s) => s.name.startsWith('mysql ') && s.parentSpanId !== txn.spanId);
    for (const s of outside) expect(under(s, request), `${s.name} under the request`).to.equal(true);
    const redis = spans.filter((s) => s.name.startsWith('redis '));
    expect(redis.length, 'Redis calls (the key\'s claim, the lease)').to.be.greaterThan(0);
    for (const s of redis) expect(under(s, request), `${s.name} under the request`).to.equal(true);
    for (const s of spans) if (s !== request) expect(under(s, request), `${s.name} is in the request's tree`).to.equal(true);

    const logged = lines.filter((l) => l['msg'] === 'request' && l['route'] === '/api/v1/orders' && l['status'] === 201);
    expect(logged.map((l) => l['traceId']), 'the access line names the trace').to.deep.equal([traceId]);
    process.stdout.write(`      (${spans.length} spans in the trace: ${[...new Set(spans.map((s) => s.name))].join(', ')})\n`);
    await expectStockMatchesOrders();
  });

  it('without a traceparent a new trace starts at the request; probes make no spans', async () => {
    const before = receiver.spans.length;
    const ready = await call(app.url, 'GET', '/readyz');
    expect(ready.status).to.equal(200);
    const res = await call(app.url, 'GET', '/api/v1/routes');
    expect(res.status).to.equal(200);
    await tracing.flush();
    const fresh = receiver.spans.slice(before);
    const roots = fresh.filter((s) => s.kind === 2);
    expect(roots.map((s) => [s.name, s.parentSpanId ?? ''])).to.deep.equal([['GET /api/v1/routes', '']]);
    expect(fresh.every((s) => s.traceId === (roots[0] as OtlpSpan).traceId), 'every span of the read in its trace').to.equal(true);
  });
});
