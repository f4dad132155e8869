#!/usr/bin/env node
// Runs a compiled command from dist/src/cli/ (npm run token, migrate, cluster, mockpay, reconcile), building the
// project first only when a source is newer than what it was compiled into: a current build starts at once.
// Usage: node scripts/run-cli.mjs <command> [arguments...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const COMMANDS = new Set(readdirSync(join(root, 'src/cli')).filter((f) => f.endsWith('.ts') && f !== 'command.ts').map((f) => f.slice(0, -3)));

if (!name || !COMMANDS.has(name)) {
  process.stderr.write(`run-cli: unknown command '${name ?? ''}'; one of ${[...COMMANDS].sort().join(', ')}\n`);
  process.exit(2);
}

/** Every TypeScript source the commands are compiled from, with the file tsc makes of it. */
function* sources(dir) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield { source: path, output: join('dist', path.slice(0, -3) + '.js') };
  }
}

const mtime = (path) => statSync(join(root, path)).mtimeMs;

/** The first reason to build: a compiled file missing, or a source (or the compiler's settings) newer than it. */
function staleness() {
  const target = join('dist/src/cli', `${name}.js`);
  if (!existsSync(join(root, target))) return `${target} is missing`;
  const settings = Math.max(mtime('tsconfig.json'), mtime('package-lock.json'));
  for (const dir of ['src', 'migrations']) {
    for (const { source, output } of sources(dir)) {
      if (!existsSync(join(root, output))) return `${output} is missing`;
      const compiled = mtime(output);
      if (mtime(source) > compiled) return `${source} is newer than ${output}`;
      if (settings > compiled) return `tsconfig.json or package-lock.json is newer than ${output}`;
    }
  }
  return undefined;
}

const why = staleness();
if (why) {
  process.stderr.write(`${name}: building first (${why})\n`);
  // tsc reports on stdout; keep this command's stdout for its own answer (TOKEN=$(npm run -s token)).
  const built = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (built.status !== 0) {
    // tsc emits even when it finds errors; take the command's output away so the next run builds (and reports) again.
    try {
      unlinkSync(join(root, 'dist/src/cli', `${name}.js`));
    } catch {
      // nothing was emitted
    }
    process.stderr.write(`${name}: the build failed (above); nothing was run\n`);
    process.exit(1);
  }
}

// The command runs in this process, as if started directly: `node dist/src/cli/<name>.js [arguments...]`.
const entry = join(root, 'dist/src/cli', `${name}.js`);
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(entry).href);
