import type { z } from 'zod';
import { ValidationError, type FieldError } from '../errors.js';
import { issueSentence } from '../shared/issue-sentences.js';

/**
 * Where a value came from, as the start of its field path: `body`, `query`, `path.orderSn`, `header.Idempotency-Key`.
 * Every field error names its path from there: `body.items[1].checkIn`, `query.status`.
 */
export type InputSource = 'body' | 'query' | `query.${string}` | `path.${string}` | `header.${string}`;

type Issue = z.core.$ZodIssue;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `body` + ['items', 1, 'checkIn'] → `body.items[1].checkIn`; a key that is not a plain name is quoted. */
export function fieldPath(source: string, path: readonly PropertyKey[]): string {
  let out = source;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && IDENTIFIER.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

type At = { found: true; value: unknown } | { found: false };

/** The value at a path of the input, or that it is absent (its parent is an object without that key). */
function valueAt(input: unknown, path: readonly PropertyKey[]): At {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return { found: false };
    if (!Object.hasOwn(value, part)) return { found: false };
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value === undefined ? { found: false } : { found: true, value };
}

const isPlainObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One issue as the field errors a person reads: the path from its source, what is wrong and what is allowed. */
function fieldErrors(issue: Issue, input: unknown, source: InputSource): FieldError[] {
  // An unknown field is named by its own path, not its parent's.
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ path: fieldPath(source, [...issue.path, k]), message: 'is not a known field' }));
  const path = fieldPath(source, issue.path);
  const at = valueAt(input, issue.path);
  // A missing value is missing, whatever the schema would have said of a wrong one.
  if (!at.found && (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value')) return [{ path, message: 'is required' }];
  if (at.found && issue.code === 'invalid_type' && issue.expected === 'object' && !isPlainObject(at.value)) return [{ path, message: 'must be an object' }];
  // A query parameter given twice arrives as a list.
  if (at.found && source === 'query' && issue.path.length === 1 && Array.isArray(at.value)) return [{ path, message: 'must be given once' }];
  return [{ path, message: issue.message }];
}

/** Parses input with a schema; failures become 422 VALIDATION_FAILED naming every offending field by its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, source: InputSource): z.output<S> {
  const result = schema.safeParse(input, { error: issueSentence });
  if (result.success) return result.data;
  const fields = result.error.issues.slice(0, 20).flatMap((issue) => fieldErrors(issue, input, source));
  // One sentence per path: a union's branches may report the same field more than once.
  const seen = new Set<string>();
  throw new ValidationError(fields.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true))));
}
