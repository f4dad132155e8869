import { expect } from 'chai';
import fc from 'fast-check';
import { SignJWT, UnsecuredJWT } from 'jose';
import { statusByCode, type ErrorCode } from '../../src/errors.js';
import { signatureHeader } from '../../src/payments/signature.js';
import { DEV_JWT_SECRET, DEV_WEBHOOK_SECRET, call, contact, futureDate, newUser, testDb, tokenFor, useApp, type Res } from '../support/harness.js';
import { payIntent, sendCallback, newTxnId } from '../support/payments.js';
import { FaultTally, dbSnapshot, tableChecksums } from './fault-kit.js';

const tally = new FaultTally('hostile-input');
const SEED = Number(process.env['FC_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = { orders: 1000, pay: 350, cancel: 300, callback: 450 };

// ---------------------------------------------------------------------------------------------------------
// Values. "Valid" ones never cause a refusal on their own; "bad" ones always do.
// ---------------------------------------------------------------------------------------------------------
const SQLISH = ["' OR '1'='1", "Robert'); DROP TABLE orders;--", '1; SELECT SLEEP(5)', '" OR ""="', '%_\\', "admin'--", '1 UNION SELECT * FROM payments'];
const UNICODE = ['🧳旅客', '李雷', 'Zoë Ångström', '\u202Eevil\u202C', 'ｆｕｌｌ', 'a\u0301', '👨‍👩‍👧‍👦', 'עברית', 'x\u200By'];
const PHONE = /^\+?[0-9][0-9 -]{4,30}[0-9]$/;

const validName = fc.oneof(
  fc.constantFrom(...SQLISH, ...UNICODE, 'Test Traveller'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim().length >= 1 && s.trim().length <= 100),
);
const validPhone = fc.constantFrom('+86 138 0000 0000', '13800000000', '010-1234-5678', '+1 212 555 0100');
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constantFrom({}, [], [1], { $gt: 0 }, { toString: 1 }, { valueOf: 2 }),
);
const badId = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 0 }),
  fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 1e21, -1e21, 1e308, -0.5),
  fc.nat().map(String),
  fc.constantFrom('1', ' 1', '0x10', '1e3', '1 OR 1=1', '１'),
  junk,
);
const badQuantity = fc.oneof(
  fc.integer({ min: -1e9, max: 0 }),
  fc.integer({ min: 101, max: 2 ** 31 }),
  fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('2', '1', 1e308, -1e308, 2 ** 53),
  junk,
);
const badName = fc.oneof(
  fc.constantFrom('', ' ', '\t\n', '\u3000'),
  fc.string({ unit: 'grapheme', minLength: 101, maxLength: 300 }).filter((s) => s.trim().length > 100),
  fc.integer(),
  junk,
);
const badPhone = fc.oneof(
  fc.constantFrom('call me', '', '123', '+86 138 0000 000a', "13800000000'; DROP TABLE orders;--", '☎13800000000', '+', '++8613800000000', '1'.repeat(40), '138\u000000000000'),
  fc.string({ maxLength: 40 }).filter((s) => !PHONE.test(s.trim())),
  fc.integer(),
  junk,
);
const badDate = fc.oneof(
  fc.constantFrom('2027-02-30', '2027-13-01', '2027-00-10', '2027-1-1', '27-01-01', '2027/01/01', '2027-01-01T00:00:00Z', ' 2027-01-01', '', '2027-02-29', '0000-00-00', '9999-99-99', '2027-04-31', "2027-01-01' OR 1=1 --", '+02027-01-01'),
  fc.string({ maxLength: 12 }).filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
  fc.integer(),
  junk,
);
const badItemType = fc.oneof(fc.constantFrom('ROUTE', 'flight', '', ' route', 'route\u0000', 'hotel ', 'Scenic', '__proto__', 'constructor', 'route,hotel'), fc.integer(), junk);
const protoPayload = fc.constantFrom({ polluted: 'yes' }, { isAdmin: true, role: 'admin' }, { prototype: { polluted: 'yes' } }, { __lookupGetter__: 1 });
const RAW_NUMBERS = ['1e400', '-1e400', '1e-400', '-0', '0.1'];

/** `arb` with probability `p`, else null. */
const maybe = <T>(arb: fc.Arbitrary<T>, p: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: Math.round((1 - p) * 100), arbitrary: fc.constant(null) }, { weight: Math.round(p * 100), arbitrary: arb });

type Kind = 'route' | 'hotel' | 'scenic';
const FIELDS: Record<Kind, string[]> = {
  route: ['itemType', 'itemId', 'quantity', 'contactName', 'contactPhone'],
  hotel: ['itemType', 'itemId', 'roomTypeId', 'checkIn', 'checkOut', 'quantity', 'contactName', 'contactPhone'],
  scenic: ['itemType', 'itemId', 'visitDate', 'quantity', 'contactName', 'contactPhone'],
};
const badValueFor = (field: string): fc.Arbitrary<unknown> => {
  switch (field) {
    case 'itemType':
      return badItemType;
    case 'itemId':
    case 'roomTypeId':
      return badId;
    case 'quantity':
      return badQuantity;
    case 'contactName':
      return badName;
    case 'contactPhone':
      return badPhone;
    default:
      return badDate;
  }
};
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'priceCents', 'totalCents', 'subtotalCents', 'amountCents', 'userId', 'status', 'role', 'isAdmin', 'currency', 'id', 'orderSn', 'roomTypeId', 'checkIn', 'checkOut', 'visitDate', 'nights'];

// ---------------------------------------------------------------------------------------------------------
// Defects: data (so fast-check can print them), each naming the codes it may cause.
// ---------------------------------------------------------------------------------------------------------
type Defect =
  | { t: 'bad'; field: string; value: unknown }
  | { t: 'rawNumber'; field: string; text: string }
  | { t: 'missing'; field: string }
  | { t: 'extra'; key: string; value: unknown }
  | { t: 'dates'; how: 'past' | 'far' | 'reversed' | 'tooLong'; offset: number; span: number }
  | { t: 'unknownItem'; which: 'item' | 'roomType' | 'foreignRoomType'; id: number }
  | { t: 'soldOut' }
  | { t: 'auth'; how: AuthDefect }
  | { t: 'idemKey'; key: string };
type AuthDefect = 'none' | 'garbage' | 'basic' | 'lowercase' | 'expired' | 'wrongSecret' | 'algNone' | 'unsigned' | 'trailing';
type Transport =
  | { t: 'json'; contentType: string | null; indent: number; reversed: boolean; idemKey: string | null }
  | { t: 'malformed'; how: 'truncate' | 'append' | 'quote' | 'bom' | 'prefix' | 'nan'; at: number; tail: string }
  | { t: 'contentType'; value: string }
  | { t: 'oversize'; size: number; how: 'whitespace' | 'field' }
  | { t: 'notObject'; value: unknown }
  | { t: 'empty' }
  | { t: 'deep'; depth: number };

const authDefect = fc.record({ t: fc.constant('auth' as const), how: fc.constantFrom<AuthDefect>('none', 'garbage', 'basic', 'lowercase', 'expired', 'wrongSecret', 'algNone', 'unsigned', 'trailing') });
const badIdemKey = fc.oneof(
  fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 })).map(([a, b]) => `${a.trim() || 'a'} ${b.trim() || 'b'}`),
  fc.integer({ min: 256, max: 600 }).map((n) => 'k'.repeat(n)),
  fc.constantFrom('key\ttab', 'clé', 'a\u00a0b'),
);
const VALID_KEYS = ['k-1', 'k-2', "k'--;DROP_TABLE_orders"];

function defectArb(kind: Kind): fc.Arbitrary<Defect> {
  const fields = FIELDS[kind];
  const options: Array<{ weight: number; arbitrary: fc.Arbitrary<Defect> }> = [
    { weight: 6, arbitrary: fc.constantFrom(...fields).chain((field) => badValueFor(field).map((value): Defect => ({ t: 'bad', field, value }))) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('rawNumber' as const), field: fc.constantFrom(...fields), text: fc.constantFrom(...RAW_NUMBERS) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('missing' as const), field: fc.constantFrom(...fields) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant('extra' as const),
        key: fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ minLength: 1, maxLength: 12 })).filter((k) => !fields.includes(k)),
        value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), protoPayload),
      }),
    },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('unknownItem' as const), which: kind === 'hotel' ? fc.constantFrom('item' as const, 'roomType' as const, 'foreignRoomType' as const) : fc.constant('item' as const), id: fc.integer({ min: 1_000_000_000, max: 2_147_483_647 }) }) },
    { weight: 2, arbitrary: fc.constant({ t: 'soldOut' as const }) },
    { weight: 1, arbitrary: authDefect },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('idemKey' as const), key: badIdemKey }) },
  ];
  if (kind !== 'route') {
    options.push({
      weight: 3,
      arbitrary: fc.record({
        t: fc.constant('dates' as const),
        how: kind === 'hotel' ? fc.constantFrom('past' as const, 'far' as const, 'reversed' as const, 'tooLong' as const) : fc.constantFrom('past' as const, 'far' as const),
        offset: fc.integer({ min: 0, max: 100_000 }),
        span: fc.integer({ min: 0, max: 400 }),
      }),
    });
  }
  return fc.oneof(...options);
}

const transportArb: fc.Arbitrary<Transport> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      t: fc.constant('json' as const),
      contentType: fc.constantFrom(null, 'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.api+json', 'application/json;charset=UTF-8'),
      indent: fc.constantFrom(0, 0, 2),
      reversed: fc.boolean(),
      idemKey: maybe(fc.constantFrom(...VALID_KEYS), 0.3),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('malformed' as const), how: fc.constantFrom('truncate' as const, 'append' as const, 'quote' as const, 'bom' as const, 'prefix' as const, 'nan' as const), at: fc.nat(), tail: fc.constantFrom('}', ',', 'x', ' ]', '\u0000') }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('contentType' as const), value: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/jsonp', 'application/json-seq', 'json', 'text/html; charset=utf-8') }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('oversize' as const), size: fc.integer({ min: 65_537, max: 150_000 }), how: fc.constantFrom('whitespace' as const, 'field' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('notObject' as const), value: fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 20 }), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'empty' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deep' as const), depth: fc.integer({ min: 50, max: 20_000 }) }) },
);

/** What a transport choice may answer: the body middleware's refusals, or (for bodies that replace the object) a 422. */
function transportCodes(t: Transport, bodyValidated: boolean): ErrorCode[] {
  switch (t.t) {
    case 'json':
      return t.idemKey ? ['IDEMPOTENCY_KEY_MISMATCH'] : [];
    case 'malformed':
      return ['MALFORMED_JSON'];
    case 'contentType':
      return ['UNSUPPORTED_MEDIA_TYPE'];
    case 'oversize':
      return ['PAYLOAD_TOO_LARGE'];
    case 'deep':
      // Refused as too deep wherever the body is read: validated, or fingerprinted for an Idempotency-Key.
      return ['VALIDATION_FAILED'];
    default:
      return bodyValidated ? ['VALIDATION_FAILED'] : [];
  }
}

const isJson = (s: string) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

/** Serialises a body under a transport choice: the bytes and headers to send. */
function encode(body: unknown, t: Transport, rawNumbers: Map<string, string>): { raw?: Buffer; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let text = JSON.stringify(body, null, t.t === 'json' ? t.indent : 0);
  for (const [marker, num] of rawNumbers) text = text.replace(JSON.stringify(marker), num);
  switch (t.t) {
    case 'json':
      if (t.contentType) headers['Content-Type'] = t.contentType;
      if (t.idemKey) headers['Idempotency-Key'] = t.idemKey;
      return { raw: Buffer.from(text), headers };
    case 'malformed': {
      let bad: string;
      if (t.how === 'truncate') bad = text.slice(0, 1 + (t.at % Math.max(1, text.length - 1)));
      else if (t.how === 'append') bad = text + t.tail;
      else if (t.how === 'quote') bad = text.replace('"', "'");
      else if (t.how === 'bom') bad = `\uFEFF${text}`;
      else if (t.how === 'prefix') bad = `{${text}`;
      else bad = t.at % 2 ? 'NaN' : 'undefined';
      if (isJson(bad)) bad += '}';
      return { raw: Buffer.from(bad), headers: { 'Content-Type': 'application/json' } };
    }
    case 'contentType':
      return { raw: Buffer.from(text), headers: { 'Content-Type': t.value } };
    case 'oversize': {
      const padded = t.how === 'whitespace' ? text + ' '.repeat(Math.max(0, t.size - text.length)) : `{"padding":"${'x'.repeat(t.size)}",${text.slice(1)}`;
      return { raw: Buffer.from(padded), headers: { 'Content-Type': 'application/json' } };
    }
    case 'notObject':
      return { raw: Buffer.from(JSON.stringify(t.value) ?? 'null'), headers: { 'Content-Type': 'application/json' } };
    case 'empty':
      return { headers };
    case 'deep':
      return { raw: Buffer.from('['.repeat(t.depth) + ']'.repeat(t.depth)), headers: { 'Content-Type': 'application/json' } };
  }
}

type Violation = { endpoint: string; why: string; status: number; answer: string; request: string };

describe('faults: hostile input, property-based (one replica in process, real MySQL and Redis)', function () {
  this.timeout(240_000);
  const app = useApp();
  const violations: Violation[] = [];
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  let fx: {
    token: string;
    route: { id: number };
    hotel: { id: number };
    roomType: { id: number };
    foreignRoomType: { id: number };
    spot: { id: number };
    route0: { id: number };
    hotel0: { id: number };
    roomType0: { id: number };
    spot0: { id: number };
    authHeaders: Record<AuthDefect, string | null>;
    otherOrder: { orderSn: string; paymentId: string };
    paid: { orderSn: string; paymentId: string };
    cancelledSn: string;
    expiredSn: string;
    pendingSn: string;
  };

  before(async () => {
    const cat = app.cat;
    const route = await cat.aRoute({ groupSize: 1000 });
    const { hotel, roomType } = await cat.aHotel({ totalRooms: 1000 });
    const other = await cat.aHotel({ totalRooms: 5 });
    const spot = await cat.aScenicSpot({ dailyQuota: 1000 });
    const route0 = await cat.aRoute({ groupSize: 0 });
    const zero = await cat.aHotel({ totalRooms: 0 });
    const spot0 = await cat.aScenicSpot({ dailyQuota: 0 });
    for (const r of [route, route0]) tally.routes.add(r.id);
    for (const r of [roomType, other.roomType, zero.roomType]) tally.roomTypes.add(r.id);
    for (const s of [spot, spot0]) tally.spots.add(s.id);

    const user = newUser('hostile');
    const token = await tokenFor(user);
    const book = async (t: string) => {
      const r = await call(app.url, 'POST', '/api/v1/orders', { token: t, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } });
      expect(r.status, r.text).to.equal(201);
      return r.body.orderSn as string;
    };
    const otherToken = await tokenFor(newUser('victim'));
    const otherSn = await book(otherToken);
    const otherIntent = (await payIntent(app.url, otherToken, otherSn)).body;
    // The paid order's tour left yesterday: cancelling it is refused (its line started), so a cancel changes nothing.
    const departed = await cat.aRoute({ groupSize: 1000, departureDate: futureDate(-1) });
    tally.routes.add(departed.id);
    const paidRes = await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: departed.id, quantity: 1 } });
    expect(paidRes.status, paidRes.text).to.equal(201);
    const paidSn = paidRes.body.orderSn as string;
    const paidIntent = (await payIntent(app.url, token, paidSn)).body;
    const paidTotal = (await testDb()('orders').where({ order_sn: paidSn }).first()).total_cents as number;
    expect((await sendCallback(app.url, { paymentId: paidIntent.paymentId, orderSn: paidSn, providerTxnId: newTxnId(), amountCents: paidTotal, status: 'succeeded' })).status).to.equal(200);
    const cancelledSn = await book(token);
    expect((await call(app.url, 'POST', `/api/v1/orders/${cancelledSn}/cancel`, { token })).status).to.equal(200);
    const expiredSn = await book(token);
    await testDb()('orders').where({ order_sn: expiredSn }).update({ expires_at: new Date(Date.now() - 1000) });
    await app.deps.expirySweep.expireDue();
    expect((await testDb()('orders').where({ order_sn: expiredSn }).first()).status).to.equal('expired');
    const pendingSn = await book(token);
    tally.requests += 12;

    const key = new TextEncoder().encode(DEV_JWT_SECRET);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(user).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key);
    const wrongSecret = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject(user).setExpirationTime('1h').sign(new TextEncoder().encode('not-the-secret-not-the-secret-0123456789'));
    const algNone = new UnsecuredJWT({ sub: user }).setExpirationTime('1h').encode();
    const [h, p] = token.split('.');
    fx = {
      token,
      route,
      hotel,
      roomType,
      foreignRoomType: other.roomType,
      spot,
      route0,
      hotel0: zero.hotel,
      roomType0: zero.roomType,
      spot0,
      authHeaders: {
        none: null,
        garbage: 'Bearer not-a-jwt',
        basic: 'Basic Ym9iOnB3',
        lowercase: `bearer ${token}`,
        expired: `Bearer ${expired}`,
        wrongSecret: `Bearer ${wrongSecret}`,
        algNone: `Bearer ${algNone}`,
        unsigned: `Bearer ${h}.${p}.`,
        trailing: `Bearer ${token} x`,
      },
      otherOrder: { orderSn: otherSn, paymentId: otherIntent.paymentId },
      paid: { orderSn: paidSn, paymentId: paidIntent.paymentId },
      cancelledSn,
      expiredSn,
      pendingSn,
    };
  });

  after(async () => {
    const total = RUNS.orders + RUNS.pay + RUNS.cancel + RUNS.callback;
    await tally.summary(`${total} generated hostile requests (seed ${SEED}), ${violations.length} contract violations`);
  });
  afterEach(async () => tally.check());

  /** Sends one request, then checks the answer against the codes its defects allow and the database against the snapshot. */
  async function probe(endpoint: string, describeReq: unknown, method: string, path: string, headers: Record<string, string>, raw: Buffer | undefined, codes: Set<ErrorCode>, before: { snap: Record<string, number> }) {
    tally.requests += 1;
    let res: Res;
    try {
      res = await call(app.url, method, path, { headers, ...(raw !== undefined ? { raw } : {}) });
    } catch (err) {
      violations.push({ endpoint, why: `connection failed: ${(err as Error).message}`, status: 0, answer: '', request: JSON.stringify(describeReq).slice(0, 400) });
      return;
    }
    const code = res.body?.error?.code as ErrorCode | undefined;
    let why: string | undefined;
    if (res.status >= 500) why = `${res.status} ${code ?? ''} for a client mistake`;
    else if (res.status < 400) why = `${res.status}: a hostile request was accepted`;
    else if (!code || !(code in statusByCode)) why = `no contract error code: ${res.text.slice(0, 80)}`;
    else if (statusByCode[code] !== res.status) why = `${code} with status ${res.status}`;
    else if (!codes.has(code)) why = `${code} where one of ${[...codes].join('|')} was expected`;
    else if (typeof res.body.error.message !== 'string') why = 'no error message';
    else if (code === 'VALIDATION_FAILED' && !(Array.isArray(res.body.error.details?.fields) && res.body.error.details.fields.length > 0)) why = 'VALIDATION_FAILED without the offending fields';
    const snap = await dbSnapshot();
    if (JSON.stringify(snap) !== JSON.stringify(before.snap)) {
      why = `${why ? `${why}; ` : ''}database changed: ${JSON.stringify(before.snap)} → ${JSON.stringify(snap)}`;
      before.snap = snap;
    }
    if (why) violations.push({ endpoint, why, status: res.status, answer: res.text.slice(0, 200), request: JSON.stringify(describeReq).slice(0, 400) });
  }

  function report(endpoint: string): string {
    const mine = violations.filter((v) => v.endpoint === endpoint);
    const groups = new Map<string, { n: number; example: Violation }>();
    for (const v of mine) {
      const k = v.why.replace(/database changed: .*/, 'database changed');
      const g = groups.get(k) ?? { n: 0, example: v };
      g.n += 1;
      groups.set(k, g);
    }
    return [...groups.entries()].map(([k, g]) => `\n  ${g.n}× ${k}\n     e.g. ${g.example.request}\n     → ${g.example.status} ${g.example.answer}`).join('');
  }

  async function expectUnchanged(endpoint: string, run: (before: { snap: Record<string, number> }) => Promise<void>) {
    const sums = await tableChecksums();
    const before = { snap: await dbSnapshot() };
    await run(before);
    expect(await tableChecksums(), 'table checksums after the batch').to.deep.equal(sums);
    expect(Object.getOwnPropertyNames(Object.prototype).sort(), 'Object.prototype untouched').to.deep.equal(protoBefore);
    expect(({} as Record<string, unknown>)['polluted'], 'no polluted property').to.equal(undefined);
    expect(report(endpoint), `violations on ${endpoint}`).to.equal('');
  }

  const authHeader = (how: AuthDefect | undefined): Record<string, string> => {
    if (!how) return { Authorization: `Bearer ${fx.token}` };
    const h = fx.authHeaders[how];
    return h ? { Authorization: h } : {};
  };

  it(`POST /orders: ${RUNS.orders} generated bookings, each with at least one defect, are refused with a 4xx and the contract's code; nothing is written`, async () => {
    const kindArb = fc.constantFrom<Kind>('route', 'hotel', 'scenic');
    const caseArb = kindArb.chain((kind) =>
      fc.record({
        kind: fc.constant(kind),
        quantity: fc.integer({ min: 1, max: 100 }),
        contactName: validName,
        contactPhone: validPhone,
        start: fc.integer({ min: 2, max: 600 }),
        nights: fc.integer({ min: 1, max: 30 }),
        defects: fc.array(defectArb(kind), { minLength: 1, maxLength: 3 }),
        transport: transportArb,
      }),
    );
    await expectUnchanged('orders', async (before) => {
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const body: Record<string, unknown> = Object.create(null);
          body['itemType'] = c.kind;
          if (c.kind === 'route') body['itemId'] = fx.route.id;
          if (c.kind === 'hotel') Object.assign(body, { itemId: fx.hotel.id, roomTypeId: fx.roomType.id, checkIn: futureDate(c.start), checkOut: futureDate(c.start + c.nights) });
          if (c.kind === 'scenic') Object.assign(body, { itemId: fx.spot.id, visitDate: futureDate(c.start) });
          Object.assign(body, { quantity: c.quantity, contactName: c.contactName, contactPhone: c.contactPhone });
          const codes = new Set<ErrorCode>(transportCodes(c.transport, true));
          const rawNumbers = new Map<string, string>();
          let auth: AuthDefect | undefined;
          let idemKey: string | undefined;
          for (const d of c.defects) {
            switch (d.t) {
              case 'bad':
                body[d.field] = d.value;
                codes.add('VALIDATION_FAILED');
                break;
              case 'rawNumber': {
                const marker = `__raw_${rawNumbers.size}__`;
                rawNumbers.set(marker, d.text);
                body[d.field] = marker;
                codes.add('VALIDATION_FAILED');
                break;
              }
              case 'missing':
                delete body[d.field];
                codes.add('VALIDATION_FAILED');
                break;
              case 'extra':
                // An own property even for "__proto__": the body has no prototype to set.
                body[d.key] = d.value;
                codes.add('VALIDATION_FAILED');
                break;
              case 'dates': {
                const start = d.how === 'past' ? -(2 + d.offset) : d.how === 'far' ? 731 + d.offset : 2 + (d.offset % 600);
                if (c.kind === 'scenic') body['visitDate'] = futureDate(start);
                else {
                  const end = d.how === 'reversed' ? start - (d.span % 31) : d.how === 'tooLong' ? start + 31 + d.span : start + 1;
                  body['checkIn'] = futureDate(start);
                  body['checkOut'] = futureDate(end);
                }
                codes.add('VALIDATION_FAILED');
                break;
              }
              case 'unknownItem':
                if (d.which === 'item') body['itemId'] = d.id;
                else body['roomTypeId'] = d.which === 'roomType' ? d.id : fx.foreignRoomType.id;
                codes.add('NOT_FOUND');
                break;
              case 'soldOut':
                if (c.kind === 'route') body['itemId'] = fx.route0.id;
                if (c.kind === 'scenic') body['itemId'] = fx.spot0.id;
                if (c.kind === 'hotel') Object.assign(body, { itemId: fx.hotel0.id, roomTypeId: fx.roomType0.id });
                codes.add('INSUFFICIENT_STOCK');
                break;
              case 'auth':
                auth = d.how;
                codes.add('UNAUTHORIZED');
                break;
              case 'idemKey':
                idemKey = d.key;
                codes.add('INVALID_HEADER');
                break;
            }
          }
          const { raw, headers } = encode(c.transport.t === 'json' && c.transport.reversed ? Object.fromEntries(Object.entries(body).reverse()) : body, c.transport, rawNumbers);
          if (idemKey) headers['Idempotency-Key'] = idemKey;
          Object.assign(headers, authHeader(auth));
          await probe('orders', c, 'POST', '/api/v1/orders', headers, raw, codes, before);
        }),
        {
          numRuns: RUNS.orders,
          seed: SEED,
          endOnFailure: true,
          // Always tried, whatever the seed: prototype keys at the top level and the classic nested one.
          examples: [
            [{ kind: 'route', quantity: 1, contactName: 'a', contactPhone: '13800000000', start: 5, nights: 1, defects: [{ t: 'extra', key: '__proto__', value: { polluted: 'yes', isAdmin: true } }], transport: { t: 'json', contentType: 'application/json', indent: 0, reversed: false, idemKey: null } }],
            [{ kind: 'hotel', quantity: 1, contactName: 'a', contactPhone: '13800000000', start: 5, nights: 1, defects: [{ t: 'extra', key: 'constructor', value: { prototype: { polluted: 'yes' } } }], transport: { t: 'json', contentType: null, indent: 0, reversed: true, idemKey: 'k-1' } }],
            [{ kind: 'scenic', quantity: 1, contactName: 'a', contactPhone: '13800000000', start: 5, nights: 1, defects: [{ t: 'extra', key: 'prototype', value: { polluted: 'yes' } }, { t: 'soldOut' }], transport: { t: 'json', contentType: 'application/json', indent: 2, reversed: false, idemKey: null } }],
          ],
        },
      );
    });
  });

  type Target = { t: 'malformed'; seg: string } | { t: 'nonexistent'; sn: string } | { t: 'other' } | { t: 'notPending'; which: 'cancelled' | 'expired' | 'paid' } | { t: 'ownPending' };
  const malformedSeg = fc.oneof(
    fc.string({ minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s)),
    fc.constantFrom('bd20270101000000AAAAAAAAAA', 'BD2027010100000AAAAAAAAAA', 'BD20270101000000AAAAAAAAAAA', 'BD20270101000000aaaaaaaaaa', "BD'%20OR%201=1--", '%E0%A4%A', '%', '%00', '..', '%2e%2e', 'BD20270101000000AAAAAAAAA%00', '%F0%9F%A7%B3', '__proto__', 'constructor', 'x?y', 'a#b', 'BD20270101000000AAAAAAAAAA%0A'),
  );
  const targetArb = (endpoint: 'pay' | 'cancel'): fc.Arbitrary<Target> =>
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ t: fc.constant('malformed' as const), seg: malformedSeg }) },
      { weight: 3, arbitrary: fc.record({ t: fc.constant('nonexistent' as const), sn: fc.stringMatching(/^BD\d{14}[0-9A-Z]{10}$/) }) },
      { weight: 2, arbitrary: fc.constant({ t: 'other' as const }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('notPending' as const), which: endpoint === 'pay' ? fc.constantFrom('cancelled' as const, 'expired' as const) : fc.constantFrom('expired' as const, 'paid' as const) }) },
      ...(endpoint === 'pay' ? [{ weight: 2, arbitrary: fc.constant({ t: 'ownPending' as const }) }] : []),
    );

  for (const endpoint of ['pay', 'cancel'] as const) {
    it(`POST /orders/:orderSn/${endpoint}: ${RUNS[endpoint]} generated requests for bad, unknown, foreign or closed orders are refused with a 4xx; nothing is written`, async () => {
      const caseArb = fc.record({
        target: targetArb(endpoint),
        auth: maybe(authDefect, 0.2),
        idem: maybe(fc.oneof(fc.record({ valid: fc.constantFrom(...VALID_KEYS) }), fc.record({ bad: badIdemKey })), 0.4),
        transport: maybe(transportArb, 0.5),
      });
      await expectUnchanged(endpoint, async (before) => {
        await fc.assert(
          fc.asyncProperty(caseArb, async (c) => {
            const codes = new Set<ErrorCode>();
            let seg: string;
            switch (c.target.t) {
              case 'malformed':
                seg = c.target.seg;
                for (const code of ['VALIDATION_FAILED', 'NOT_FOUND', 'METHOD_NOT_ALLOWED'] as const) codes.add(code);
                break;
              case 'nonexistent':
                seg = c.target.sn;
                codes.add('NOT_FOUND');
                break;
              case 'other':
                seg = fx.otherOrder.orderSn;
                codes.add('NOT_FOUND');
                break;
              case 'notPending':
                seg = c.target.which === 'cancelled' ? fx.cancelledSn : c.target.which === 'expired' ? fx.expiredSn : fx.paid.orderSn;
                // A paid order is cancelled (and refunded) only before its lines start; this one's started.
                codes.add(c.target.which === 'paid' && endpoint === 'cancel' ? 'NOT_CANCELLABLE' : 'ORDER_NOT_PENDING');
                break;
              case 'ownPending':
                seg = fx.pendingSn;
                break;
            }
            const headers: Record<string, string> = {};
            let raw: Buffer | undefined;
            if (c.transport) {
              // Pay reads no body; cancel reads an optional {lines}: send it a valid one.
              const enc = encode(endpoint === 'cancel' ? { lines: [0] } : { anything: 'the body of pay is not read' }, c.transport, new Map());
              raw = enc.raw;
              Object.assign(headers, enc.headers);
              for (const code of transportCodes(c.transport, endpoint === 'cancel')) codes.add(code);
            }
            if (c.auth) codes.add('UNAUTHORIZED');
            Object.assign(headers, authHeader(c.auth?.how));
            let idem = c.idem;
            // Paying one's own pending order is only refused for its bad Idempotency-Key: always send one.
            if (c.target.t === 'ownPending' && (!idem || 'valid' in idem)) idem = { bad: 'a b' };
            if (endpoint === 'pay' && idem) {
              if ('valid' in idem) {
                headers['Idempotency-Key'] = idem.valid;
                codes.add('IDEMPOTENCY_KEY_MISMATCH');
              } else {
                headers['Idempotency-Key'] = idem.bad;
                codes.add('INVALID_HEADER');
              }
            }
            await probe(endpoint, { ...c, idem }, 'POST', `/api/v1/orders/${seg}/${endpoint}`, headers, raw, codes, before);
          }),
          {
            numRuns: RUNS[endpoint],
            seed: SEED + (endpoint === 'pay' ? 1 : 2),
            endOnFailure: true,
            // Always tried: a deeply nested body (well under the size limit) with an Idempotency-Key.
            examples: [[{ target: { t: 'nonexistent', sn: 'BD20270101000000AAAAAAAAAA' }, auth: null, idem: { valid: 'k-1' }, transport: { t: 'deep', depth: 8000 } }]],
          },
        );
      });
    });
  }

  type Sig = { t: 'valid' } | { t: 'stale'; skew: number } | { t: 'wrongSecret' } | { t: 'otherBody' } | { t: 'missing' } | { t: 'garbage'; header: string } | { t: 'upperHex' } | { t: 'noT' } | { t: 'v0' } | { t: 'truncated' };
  const sigArb: fc.Arbitrary<Sig> = fc.oneof(
    { weight: 8, arbitrary: fc.constant({ t: 'valid' as const }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('stale' as const), skew: fc.oneof(fc.integer({ min: 301, max: 10_000_000 }), fc.integer({ min: -10_000_000, max: -301 })) }) },
    { weight: 4, arbitrary: fc.constantFrom<Sig>({ t: 'wrongSecret' }, { t: 'otherBody' }, { t: 'missing' }, { t: 'upperHex' }, { t: 'noT' }, { t: 'v0' }, { t: 'truncated' }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('garbage' as const), header: fc.string({ unit: 'grapheme-ascii', maxLength: 120 }) }) },
  );
  const CB_FIELDS = ['paymentId', 'orderSn', 'providerTxnId', 'amountCents', 'status'];
  const cbBad: Record<string, fc.Arbitrary<unknown>> = {
    paymentId: fc.oneof(fc.constantFrom('', 'not-a-uuid', "' OR 1=1--", '00000000-0000-0000-0000-00000000000g'), fc.string({ maxLength: 40 }).filter((s) => !/^[0-9a-f-]{36}$/i.test(s)), fc.integer(), junk),
    orderSn: fc.oneof(fc.constantFrom('', 'bd20270101000000AAAAAAAAAA', 'BD2027', "BD' OR '1'='1"), fc.string({ maxLength: 30 }), fc.integer(), junk),
    providerTxnId: fc.oneof(fc.constantFrom('', 'has space', 'tab\there', 'ü', 'x'.repeat(129), '🧾'), fc.integer(), junk),
    amountCents: fc.oneof(fc.integer({ min: -1e9, max: -1 }), fc.constantFrom(10_000_000_001, 1e300, 0.5, '100', -0.01), fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }), junk),
    status: fc.oneof(fc.constantFrom('SUCCEEDED', 'success', 'paid', 'refunded', '', 'succeeded ', 'refund_required'), fc.integer(), junk),
  };

  it(`POST /payments/callback: ${RUNS.callback} generated deliveries (bad signatures, stale, bad bodies, mismatched payment and order) are refused; nothing is written`, async () => {
    const caseArb = fc.record({
      pair: fc.constantFrom('foreignIntent', 'unknownIntent', 'unknownBoth', 'paidIntentOtherOrder'),
      uuid: fc.uuid(),
      sn: fc.stringMatching(/^BD\d{14}[0-9A-Z]{10}$/),
      txn: fc.uuid().map((u) => `txn_${u}`),
      amountCents: fc.integer({ min: 0, max: 10_000_000 }),
      status: fc.constantFrom('succeeded', 'failed'),
      defects: fc.array(
        fc.oneof(
          fc.constantFrom(...CB_FIELDS).chain((field) => (cbBad[field] as fc.Arbitrary<unknown>).map((value) => ({ t: 'bad' as const, field, value }))),
          fc.record({ t: fc.constant('missing' as const), field: fc.constantFrom(...CB_FIELDS) }),
          fc.record({ t: fc.constant('extra' as const), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'orderStatus', 'duplicate', 'refund'), fc.string({ minLength: 1, maxLength: 10 })).filter((k) => !CB_FIELDS.includes(k)), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), protoPayload) }),
        ),
        { maxLength: 2 },
      ),
      sig: sigArb,
      transport: maybe(transportArb, 0.4),
    });
    await expectUnchanged('callback', async (before) => {
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          // Never a payment id together with its own order: every delivery here names a pair that does not exist.
          const [paymentId, orderSn] =
            c.pair === 'foreignIntent' ? [fx.otherOrder.paymentId, fx.paid.orderSn]
            : c.pair === 'unknownIntent' ? [c.uuid, fx.otherOrder.orderSn]
            : c.pair === 'paidIntentOtherOrder' ? [fx.paid.paymentId, fx.otherOrder.orderSn]
            : [c.uuid, c.sn];
          const body: Record<string, unknown> = Object.create(null);
          Object.assign(body, { paymentId, orderSn, providerTxnId: c.txn, amountCents: c.amountCents, status: c.status });
          const codes = new Set<ErrorCode>(['NOT_FOUND']);
          for (const d of c.defects) {
            if (d.t === 'bad') body[d.field] = d.value;
            else if (d.t === 'missing') delete body[d.field];
            else body[d.key] = d.value;
            codes.add('VALIDATION_FAILED');
          }
          const transport: Transport = c.transport ?? { t: 'json', contentType: 'application/json', indent: 0, reversed: false, idemKey: null };
          for (const code of transportCodes(transport, true)) codes.add(code);
          const { raw, headers } = encode(body, transport, new Map());
          const bytes = raw ?? Buffer.alloc(0);
          const now = Math.floor(Date.now() / 1000);
          const good = signatureHeader(DEV_WEBHOOK_SECRET, bytes, now);
          const hex = good.split('v1=')[1] as string;
          switch (c.sig.t) {
            case 'valid':
              headers['Payment-Signature'] = good;
              break;
            case 'stale':
              headers['Payment-Signature'] = signatureHeader(DEV_WEBHOOK_SECRET, bytes, now - c.sig.skew);
              codes.add('STALE_SIGNATURE');
              break;
            case 'wrongSecret':
              headers['Payment-Signature'] = signatureHeader('not-the-secret-not-the-secret-0123456789', bytes, now);
              break;
            case 'otherBody':
              headers['Payment-Signature'] = signatureHeader(DEV_WEBHOOK_SECRET, Buffer.concat([bytes, Buffer.from(' ')]), now);
              break;
            case 'missing':
              break;
            case 'garbage':
              headers['Payment-Signature'] = c.sig.header;
              break;
            case 'upperHex':
              headers['Payment-Signature'] = `t=${now},v1=${hex.toUpperCase()}`;
              break;
            case 'noT':
              headers['Payment-Signature'] = `v1=${hex}`;
              break;
            case 'v0':
              headers['Payment-Signature'] = `t=${now},v0=${hex}`;
              break;
            case 'truncated':
              headers['Payment-Signature'] = `t=${now},v1=${hex.slice(0, 63)}`;
              break;
          }
          if (c.sig.t !== 'valid' && c.sig.t !== 'stale') codes.add('BAD_SIGNATURE');
          await probe('callback', c, 'POST', '/api/v1/payments/callback', headers, raw, codes, before);
        }),
        { numRuns: RUNS.callback, seed: SEED + 3, endOnFailure: true },
      );
    });
  });
});
