import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Router from '@koa/router';
import { z } from 'zod';
import type { Config } from '../config.js';
import { requireUser, type Authenticator } from '../http/auth.js';
import type { AppContext, AppState } from '../http/context.js';
import { parseInput } from '../http/validate.js';
import { orderSnParam } from '../orders/order-schemas.js';
import type { PaymentService } from '../payments/payment-service.js';

export type PageRouterDeps = { config: Config; auth: Authenticator; paymentService: PaymentService };

type Asset = { body: Buffer; type: string; etag: string };

// Same-origin everything; no inline script or style, no framing, no plugins, no form posts elsewhere.
const CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const MODE_PLACEHOLDER = '__TRAVEL_ORDERS_MODE__';
const ENTRY_SCRIPT = '/booking-page.js';
const SCRIPT_TYPE = 'text/javascript; charset=utf-8';
/** A script's path under dist/web: only `.js`, and no segment starts with a dot, so no `..` and no hidden file. */
const SCRIPT_PATH = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\.js$/;

const devSubject = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be 1-64 letters, digits or _.@-');

/**
 * The modules tsc emitted into dist/web, each by the path the browser asks for: the entry `/booking-page.js`
 * and what it imports, `/modules/<name>.js`. Read once at start; a request can only name a path listed here.
 */
function scriptFiles(dir: URL): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((relative) => relative.split(sep).join('/'))
    .filter((relative) => SCRIPT_PATH.test(relative) && lstatSync(new URL(relative, dir)).isFile())
    .sort();
}

/** HTML and CSS are sources (tsc does not copy them); the scripts are tsc's output of web/booking-page.ts and web/modules/. */
function readAssets(mode: string): Map<string, Asset> | undefined {
  const root = new URL('../../../', import.meta.url);
  const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, root)));
  const asset = (body: Buffer, type: string): Asset => ({ body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  try {
    const html = read('web/index.html').toString('utf8').replaceAll(MODE_PLACEHOLDER, mode);
    const assets = new Map([
      ['/', asset(Buffer.from(html, 'utf8'), 'text/html; charset=utf-8')],
      ['/styles.css', asset(read('web/styles.css'), 'text/css; charset=utf-8')],
    ]);
    for (const file of scriptFiles(new URL('dist/web/', root))) assets.set(`/${file}`, asset(read(`dist/web/${file}`), SCRIPT_TYPE));
    // Without its entry the page cannot start: answer as if nothing were built.
    return assets.has(ENTRY_SCRIPT) ? assets : undefined;
  } catch {
    return undefined;
  }
}

function serve(ctx: AppContext, asset: Asset): void {
  ctx.set('Cache-Control', 'no-cache');
  ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  ctx.set('X-Content-Type-Options', 'nosniff');
  // The production page may be opened with ?token=; never leak it in a Referer.
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.status = 200;
  ctx.etag = asset.etag;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.type = asset.type;
  ctx.body = asset.body;
}

/** The booking page at `/`, and outside production the development sign-in and mock payment provider. */
export function createPageRouter({ config, auth, paymentService }: PageRouterDeps): Router<AppState> {
  const router = new Router<AppState>();
  const development = config.nodeEnv !== 'production';
  const assets = readAssets(development ? 'development' : 'production');

  // The page's own paths answer even when it is not built; its modules are known only once they are.
  for (const path of new Set(['/', '/styles.css', ENTRY_SCRIPT, ...(assets?.keys() ?? [])])) {
    router.get(path, (ctx) => {
      const asset = assets?.get(path);
      if (asset) return serve(ctx, asset);
      // The API works without the page; say how to get it rather than failing the process.
      ctx.status = 503;
      ctx.type = 'text/plain';
      ctx.body = 'travel-orders: the booking page is not built; run `npm run build`. The API lives under /api/v1.\n';
    });
  }
  router.get('/favicon.ico', (ctx) => {
    ctx.status = 204;
  });

  if (!development) return router;

  router.get('/dev/token', async (ctx) => {
    const sub = parseInput(devSubject, ctx.query['sub'], 'query.sub');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { token: await auth.issue(sub) };
  });

  // The development payment provider: it makes (or finds) the intent and delivers a signed success callback.
  router.post('/dev/mock-pay/:orderSn', requireUser(auth), async (ctx) => {
    const orderSn = parseInput(orderSnParam, ctx.params['orderSn'], 'path.orderSn');
    const { intent } = await paymentService.payIntent(ctx.state.principal!, orderSn);
    // One provider transaction per intent, so pressing pay twice is a duplicate delivery, not a second charge.
    const callback = {
      paymentId: intent.paymentId,
      orderSn: intent.orderSn,
      providerTxnId: `mock-${intent.paymentId}`,
      amountCents: intent.amountCents,
      status: 'succeeded' as const,
    };
    const answer = await paymentService.receiveCallback(callback);
    ctx.status = answer.status;
    ctx.body = { payment: intent, callback: answer.body };
  });

  return router;
}
