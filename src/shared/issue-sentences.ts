import type { z } from 'zod';

/**
 * The one place validator issues become sentences a person reads. Request validation (http/validate.ts) and the
 * configuration (config.ts) both use it wherever a schema gives no message of its own.
 */
type RawIssue = z.core.$ZodRawIssue;

const shown = (v: unknown) => (typeof v === 'string' ? v : String(v));
const plural = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
  date: 'a date',
};

/**
 * Our sentence for every kind of issue the validator reports, used wherever a schema gives no message of its own,
 * so that no validator wording (`Invalid input: expected string, received undefined`) reaches a client.
 */
export function issueSentence(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${typeNames[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${shown(issue.values[0])}` : `must be one of ${issue.values.map(shown).join(', ')}`;
    case 'too_small': {
      const { minimum: min, origin } = issue;
      if (origin === 'string') return Number(min) === 1 ? 'must not be empty' : `must be at least ${plural(min, 'character', 'characters')}`;
      if (origin === 'array' || origin === 'set') return `must have at least ${plural(min, 'item', 'items')}`;
      return issue.inclusive === false ? `must be greater than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const { maximum: max, origin } = issue;
      if (origin === 'string') return `must be at most ${plural(max, 'character', 'characters')}`;
      if (origin === 'array' || origin === 'set') return `must have at most ${plural(max, 'item', 'items')}`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_format':
      if (issue.format === 'uuid' || issue.format === 'guid') return 'must be a UUID';
      if (issue.format === 'regex') return 'is not in the expected format';
      return `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options && options.length > 0 ? `must be one of ${options.map(shown).join(', ')}` : 'does not match any accepted form';
    }
    case 'invalid_key':
      return 'has a key that is not accepted';
    case 'invalid_element':
      return 'has a value that is not accepted';
    default:
      return 'is not valid';
  }
}
