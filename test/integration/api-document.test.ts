import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import createClient from 'openapi-fetch';
import { buildApiDocument } from '../../src/api-document.js';
import type { paths } from '../../src/client/api-types.js';
import { signatureHeader } from '../../src/payments/signature.js';
import { API_TYPES_FILE, apiTypesOf } from '../support/api-types.js';
import { checkAnswer, checkedFetch, compileDocument } from '../support/conformance.js';
import { DEV_WEBHOOK_SECRET, call, contact, newUser, tokenFor, useApp } from '../support/harness.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the API document', function () {
  const app = useApp();
  let served: Record<string, unknown>;
  before(async () => {
    served = (await call(app.url, 'GET', '/openapi.json')).body;
  });

  it('is the one the code builds, with every operation named, tagged and secured', () => {
    expect(served).to.deep.equal(JSON.parse(JSON.stringify(buildApiDocument())));
    const ops = Object.entries(served['paths'] as Record<string, Record<string, { operationId?: string; tags?: string[]; security?: unknown[] }>>).flatMap(([p, item]) =>
      Object.entries(item).map(([m, op]) => ({ where: `${m.toUpperCase()} ${p}`, ...op })),
    );
    expect(ops.filter((o) => !o.operationId || !o.tags?.length || !Array.isArray(o.security)).map((o) => o.where)).to.deep.equal([]);
    expect(ops.map((o) => o.where)).to.include.members(['GET /healthz', 'GET /readyz', 'GET /metrics', 'POST /api/v1/orders', 'POST /api/v1/orders/{orderSn}/pay']);
  });

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    // The ignore file (.redocly.lint-ignore.yaml, each entry with its reason) names this path.
    const file = join(ROOT, 'dist', 'openapi.json');
    await writeFile(file, JSON.stringify(served, null, 2));
    const cli = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    // Offline: no telemetry, no update check; the rules come from the installed package.
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const out = await run(process.execPath, [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'], { env, cwd: ROOT, maxBuffer: 16 << 20 }).catch(
      (err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }),
    );
    const report = JSON.parse(out.stdout) as { totals: { errors: number; warnings: number; ignored: number }; problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }> };
    const problems = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(problems, problems.join('\n')).to.deep.equal([]);
    expect(report.totals.errors + report.totals.warnings).to.equal(0);
  });

  it('has its client types checked in as openapi-typescript makes them (npm run api:types)', async () => {
    const fresh = await apiTypesOf(served);
    const checkedIn = await readFile(API_TYPES_FILE, 'utf8');
    expect(checkedIn === fresh, 'src/client/api-types.ts is stale: run npm run api:types and commit it').to.equal(true);
  });

  it('fails an answer with an undocumented field, status or header value', () => {
    const compiled = compileDocument(served as never);
    const url = new URL('http://x/api/v1/routes/1');
    const headers = (h: Record<string, string> = {}) => new Headers({ 'content-type': 'application/json', 'x-request-id': 'r-1', ...h });
    const route = { id: 1, name: 'r', priceCents: 1, groupSize: 2, salesCount: 0, availableSlots: 2, departureDate: null };
    expect(checkAnswer(compiled, 'GET', url, { status: 200, headers: headers(), text: JSON.stringify(route) })).to.deep.equal({ covered: 'get /api/v1/routes/{id} 200' });
    expect(() => checkAnswer(compiled, 'GET', url, { status: 200, headers: headers(), text: JSON.stringify({ ...route, secret: 1 }) })).to.throw(/additional properties/);
    expect(() => checkAnswer(compiled, 'GET', url, { status: 200, headers: headers(), text: JSON.stringify({ ...route, departureDate: '2027-5-1' }) })).to.throw(/departureDate/);
    expect(() => checkAnswer(compiled, 'GET', url, { status: 409, headers: headers(), text: '{}' })).to.throw(/does not list/);
    expect(() => checkAnswer(compiled, 'GET', url, { status: 200, headers: headers({ 'x-request-id': 'a b' }), text: JSON.stringify(route) })).to.throw(/X-Request-Id/);
    expect(() => checkAnswer(compiled, 'GET', url, { status: 200, headers: new Headers({ 'content-type': 'application/json' }), text: JSON.stringify(route) })).to.throw(/X-Request-Id/);
    expect(checkAnswer(compiled, 'GET', new URL('http://x/api/v1/nowhere'), { status: 404, headers: headers(), text: '{}' })).to.equal('outside');
  });

  it('is enough for a typed client: book, pay, the signed callback and the paid order, through openapi-fetch', async () => {
    const route = await app.cat.aRoute({ groupSize: 3, priceCents: 1234_00 });
    const token = await tokenFor(newUser('typed'));
    const client = createClient<paths>({ baseUrl: app.url, headers: { Authorization: `Bearer ${token}` }, fetch: checkedFetch(app.url) });

    const booked = await client.POST('/api/v1/orders', {
      params: { header: { 'Idempotency-Key': `typed-${route.id}` } },
      body: { itemType: 'route', itemId: route.id, quantity: 2, ...contact },
    });
    expect(booked.response.status, JSON.stringify(booked.error)).to.equal(201);
    const order = booked.data!;
    expect(order.totalCents).to.equal(2468_00);

    const paid = await client.POST('/api/v1/orders/{orderSn}/pay', { params: { path: { orderSn: order.orderSn } } });
    expect(paid.response.status).to.equal(201);
    const intent = paid.data!;

    const raw = JSON.stringify({ paymentId: intent.paymentId, orderSn: order.orderSn, providerTxnId: `txn-typed-${order.orderSn}`, amountCents: intent.amountCents, status: 'succeeded' });
    const callback = await client.POST('/api/v1/payments/callback', {
      params: { header: { 'Payment-Signature': signatureHeader(DEV_WEBHOOK_SECRET, raw) } },
      // The signature covers these exact bytes, so they are sent as they were signed.
      body: JSON.parse(raw),
      bodySerializer: () => raw,
    });
    expect(callback.data).to.deep.include({ received: true, duplicate: false, orderStatus: 'paid' });

    const read = await client.GET('/api/v1/orders/{orderSn}', { params: { path: { orderSn: order.orderSn } } });
    expect(read.data?.status).to.equal('paid');
    expect(read.data?.payments.map((p) => [p.intentId, p.status])).to.deep.equal([[intent.paymentId, 'succeeded']]);

    const refused = await client.GET('/api/v1/orders/{orderSn}', { params: { path: { orderSn: 'BD00000000000000AAAAAAAAAA' } } });
    expect(refused.error?.error.code).to.equal('NOT_FOUND');
  });
});
