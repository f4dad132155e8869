import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config.js';

/**
 * What every command shares: `--help` prints its usage and exits 0; an unknown option, a bad value or a missing
 * argument prints the problem and the usage and exits 2; a failure is one line naming what was tried (a URL, a
 * database), never a stack trace, and exits 1 unless the command gives another code.
 */

/** A failure the command explains in one line; `exitCode` says what kind (1 unless a command documents another). */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The command line was wrong: the usage is printed with the problem, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Spec<T extends ParseArgsConfig> = { name: string; usage: string; args: T };

/** Parses the command line strictly; answers --help and usage errors itself. */
export function parseCommandLine<T extends ParseArgsConfig>({ name, usage, args }: Spec<T>): ReturnType<typeof parseArgs<T>> {
  const raw = process.argv.slice(2);
  // --help wins over everything else on the line, as in most commands.
  if (raw.includes('--help') || raw.includes('-h')) {
    process.stdout.write(`${usage.trim()}\n`);
    process.exit(0);
  }
  try {
    // Strict (the default): an option the command does not know is an error, never ignored.
    return parseArgs(args);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS')) throw err;
    usageExit(name, usage, (err as Error).message);
  }
}

function usageExit(name: string, usage: string, problem: string): never {
  process.stderr.write(`${name}: ${problem}\n\n${usage.trim()}\n`);
  process.exit(2);
}

/** The one-line cause of an error: a driver's code and message (`ER_BAD_DB_ERROR: Unknown database 'x'`), a network code, a fetch's cause. */
export function describeError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; sqlMessage?: unknown; cause?: unknown };
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof e.code === 'string' && typeof e.sqlMessage === 'string') return `${e.code}: ${e.sqlMessage}`;
  if (typeof e.code === 'string') return e.code;
  if (typeof cause?.message === 'string') return cause.message;
  return typeof e.message === 'string' ? e.message : String(err);
}

/** Runs a command's main and exits with its code; every way out prints at most one line for a failure. */
export function runCommand(name: string, usage: string, main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      if (err instanceof UsageError) usageExit(name, usage, err.message);
      const line = err instanceof CommandFailure || err instanceof ConfigError ? err.message : describeError(err);
      process.stderr.write(`${name}: ${line.split('\n')[0]}\n`);
      process.exit(err instanceof CommandFailure ? err.exitCode : 1);
    },
  );
}
