import { AssertionError } from 'node:assert';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Every answer the tests receive through `call()` is checked against the API document the app serves: the status is
 * one the operation lists, every documented header is present when required and well-formed, and the body matches the
 * schema (our objects have `additionalProperties: false`, so an undocumented field fails). A mismatch throws, so the
 * test that received the answer fails.
 */
type Header = { required?: boolean; schema?: Record<string, unknown> };
type DocResponse = { headers?: Record<string, Header>; content?: Record<string, { schema?: unknown }> };
type Operation = { responses: Record<string, DocResponse> };
type Doc = { paths: Record<string, Record<string, unknown>> };
type Route = { template: string; pattern: RegExp; params: number; item: Record<string, unknown> };
type Loaded = { doc: Doc; routes: Route[]; ajv: Ajv2020 };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const DOC_ID = 'https://travel-orders.invalid/openapi.json';
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

let loaded: Promise<Loaded> | undefined;
const validators = new Map<string, ValidateFunction>();

export const conformance = {
  checked: 0,
  outside: 0,
  notOurs: 0,
  mismatches: 0,
  covered: new Set<string>(),
};

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** Compiles the served document once: one schema, every response schema reached by a JSON pointer into it. */
export function compileDocument(doc: Doc): Loaded {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ ...(doc as object), $id: DOC_ID });
  const routes = Object.entries(doc.paths).map(([template, item]) => ({
    template,
    item,
    params: (template.match(/\{/g) ?? []).length,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
  }));
  // A literal segment wins over a parameter (/admin/payments before /admin/{x}).
  routes.sort((a, b) => a.params - b.params);
  return { doc, routes, ajv };
}

async function documentFrom(base: string): Promise<Loaded> {
  loaded ??= fetch(`${base}/openapi.json`)
    .then(async (r) => {
      if (r.status !== 200) throw new Error(`GET ${base}/openapi.json answered ${r.status}`);
      return compileDocument((await r.json()) as Doc);
    })
    .catch((err: unknown) => {
      loaded = undefined;
      throw err;
    });
  return loaded;
}

function validator(l: Loaded, key: string, schemaRef: string): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    v = l.ajv.compile({ $ref: `${DOC_ID}#${schemaRef}` });
    validators.set(key, v);
  }
  return v;
}

const fail = (message: string): never => {
  throw new AssertionError({ message: `API document: ${message}` });
};

export type Answer = { status: number; headers: Headers; text: string };

/** Checks one answer against a compiled document; throws on the first way it differs. Returns the status it covered. */
export function checkAnswer(l: Loaded, method: string, url: URL, answer: Answer): { covered: string } | 'outside' {
  const m = method.toLowerCase();
  const route = l.routes.find((r) => r.pattern.test(url.pathname) && METHODS.includes(m) && r.item[m]);
  if (!route) return 'outside';
  const op = route.item[m] as Operation;
  const where = `${method.toUpperCase()} ${route.template}`;
  const status = String(answer.status);
  const response = op.responses[status] ?? op.responses['default'];
  if (!response) return fail(`${where} answered ${status}, which the document does not list (it lists ${Object.keys(op.responses).join(', ')}): ${answer.text.slice(0, 300)}`);
  const responseKey = op.responses[status] ? status : 'default';
  const base = pointer('', 'paths', route.template, m, 'responses', responseKey);

  for (const [name, h] of Object.entries(response.headers ?? {})) {
    const value = answer.headers.get(name);
    if (value === null) {
      if (h.required) fail(`${where} ${status} has no ${name} header, which the document requires`);
      continue;
    }
    const schema = h.schema as { type?: string } | undefined;
    const typed = schema?.type === 'integer' || schema?.type === 'number' ? (/^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value) : value;
    const v = validator(l, `${base}/h/${name}`, `${base}/${pointer('headers', name, 'schema')}`);
    if (!v(typed)) fail(`${where} ${status} header ${name}: ${JSON.stringify(value)} ${l.ajv.errorsText(v.errors)}`);
  }

  const type = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!response.content) {
    if (answer.text.length > 0) fail(`${where} ${status} has a body (${type}) where the document has none`);
    return { covered: `${m} ${route.template} ${responseKey}` };
  }
  const media = response.content[type];
  if (!media) return fail(`${where} ${status} answered ${type || 'no content type'}; the document has ${Object.keys(response.content).join(', ')}`);
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return fail(`${where} ${status} body is not JSON: ${answer.text.slice(0, 200)}`);
    }
    const v = validator(l, `${base}/${type}`, `${base}/${pointer('content', type, 'schema')}`);
    if (!v(body)) fail(`${where} ${status} body does not match the document: ${l.ajv.errorsText(v.errors, { separator: '; ' })}\n  body: ${answer.text.slice(0, 600)}`);
  }
  return { covered: `${m} ${route.template} ${responseKey}` };
}

/** For `call()`: checks an answer of the service at `base` against the document it serves. */
export async function checkResponse(base: string, method: string, path: string, answer: Answer): Promise<void> {
  // A proxy's own page (HAProxy with no server up, say) is not the service's answer: the service always sends X-Request-Id.
  if (!answer.headers.get('x-request-id') && !/json/.test(answer.headers.get('content-type') ?? '')) {
    conformance.notOurs += 1;
    return;
  }
  let l: Loaded;
  try {
    l = await documentFrom(base);
  } catch {
    conformance.notOurs += 1;
    return;
  }
  let result: ReturnType<typeof checkAnswer>;
  try {
    result = checkAnswer(l, method, new URL(path, 'http://x'), answer);
  } catch (err) {
    conformance.checked += 1;
    conformance.mismatches += 1;
    throw err;
  }
  if (result === 'outside') {
    conformance.outside += 1;
    return;
  }
  conformance.checked += 1;
  conformance.covered.add(result.covered);
}

/** One line for the end of the run. */
export async function conformanceSummary(): Promise<string | undefined> {
  if (!loaded || conformance.checked + conformance.outside + conformance.notOurs === 0) return undefined;
  const { doc } = await loaded;
  let operations = 0;
  let statuses = 0;
  const seenOps = new Set<string>();
  for (const key of conformance.covered) seenOps.add(key.split(' ').slice(0, 2).join(' '));
  for (const item of Object.values(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (!METHODS.includes(m)) continue;
      operations += 1;
      statuses += Object.keys((op as Operation).responses).length;
    }
  }
  return (
    `API conformance: ${conformance.checked} responses checked against /openapi.json, ${conformance.mismatches} mismatches; ` +
    `${seenOps.size}/${operations} operations and ${conformance.covered.size}/${statuses} documented statuses seen; ` +
    `${conformance.outside} outside the document (pages, unknown paths and methods, the fault switch), ${conformance.notOurs} not the service's own`
  );
}

/** A fetch for openapi-fetch's `fetch` option: the typed client's answers are held to the document too. */
export function checkedFetch(base: string): (input: Request) => Promise<Response> {
  return async (input: Request) => {
    const method = input.method;
    const res = await fetch(input);
    const text = await res.clone().text();
    const url = new URL(input.url);
    await checkResponse(base, method, `${url.pathname}${url.search}`, { status: res.status, headers: res.headers, text });
    return res;
  };
}
