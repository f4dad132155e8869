import { request } from 'node:http';
import { expect } from 'chai';
import { call, startApp, type TestApp } from '../support/harness.js';

/** The relative module specifiers of one compiled script (`import … from './x.js'`, `export … from './y.js'`). */
function importsOf(source: string): string[] {
  return [...source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)';$/gm)].map((m) => m[1]!);
}

/** A GET whose path reaches the server byte for byte (fetch would resolve `..` and `%2e%2e` first). */
function rawGet(base: string, path: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('booking page modules', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(async () => app?.close());

  it('serves every module the page imports, with the page headers', async () => {
    const seen = new Set<string>();
    const queue = ['/booking-page.js'];
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await call(app.url, 'GET', path);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('content-type'), path).to.equal('text/javascript; charset=utf-8');
      expect(res.headers.get('cache-control'), path).to.equal('no-cache');
      expect(res.headers.get('content-security-policy'), path).to.match(/^default-src 'self'/);
      expect(res.headers.get('x-content-type-options'), path).to.equal('nosniff');
      const etag = res.headers.get('etag');
      expect(etag, path).to.be.a('string');
      const revalidated = await call(app.url, 'GET', path, { headers: { 'If-None-Match': etag ?? '', 'Cache-Control': 'max-age=0' } });
      expect(revalidated.status, `${path} revalidation`).to.equal(304);
      for (const specifier of importsOf(res.text)) {
        expect(specifier, `${path} imports with the .js extension`).to.match(/\.js$/);
        queue.push(new URL(specifier, `http://page${path}`).pathname);
      }
    }
    expect([...seen], 'the entry and the state machine it imports, at least').to.include.members(['/booking-page.js', '/modules/booking-attempt.js', '/modules/messages.js']);
  });

  it('serves nothing else from dist/web or the sources: no source map, no TypeScript, no path out of it', async () => {
    for (const path of [
      '/modules/booking-attempt.js.map',
      '/modules/booking-attempt.ts',
      '/booking-page.ts',
      '/dist/web/booking-page.js',
      '/web/booking-page.js',
      '/modules/',
      '/modules/%2e%2e/booking-page.js',
      '/modules/..%2fbooking-page.js',
      '/modules/../../package.json',
      '/%2e%2e/package.json',
    ]) {
      expect(await rawGet(app.url, path), path).to.equal(404);
    }
  });
});
