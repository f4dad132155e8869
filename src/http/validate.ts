import type { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Parses input with a schema; failures become 422 VALIDATION_FAILED naming every offending field path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.slice(0, 20).flatMap((issue) => {
    const path = issue.path.map(String);
    // An unknown field is named by its own path, not its parent's.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ path: [...path, k].join('.'), message: 'is not a known field' }));
    return [{ path: path.join('.'), message: issue.message }];
  });
  throw new ValidationError(fields);
}
