import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, track, waitExit } from './processes.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** The shipped HAProxy configuration, with placeholders (from dist/src/cluster/ back to the repository). */
export const HAPROXY_TEMPLATE = fileURLToPath(new URL('../../../deploy/haproxy.cfg', import.meta.url));

/** One backend as HAProxy's `show stat` reports it. */
export type BackendState = {
  name: string;
  /** `UP`, `DOWN`, or a transition such as `UP 1/3` (going down) or `DOWN 1/2` (coming up). */
  status: string;
  /** Health checks that failed (timed out or got a non-200), since start. */
  failedChecks: number;
  /** Times HAProxy took this backend out, since start. */
  timesDown: number;
  /** The last check's result, e.g. `L7OK`, `L7STS` (wrong status), `L4TOUT` (timed out). */
  lastCheck: string;
};

export type HaproxyProcess = {
  url: string;
  port: number;
  pid: number;
  /** Every backend's state, from the runtime API. */
  backends(): Promise<BackendState[]>;
  stop(): Promise<void>;
};


/** Debian installs haproxy in /usr/sbin, which a non-root PATH may lack. */
function haproxyBinary(): string {
  for (const dir of [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin']) {
    if (dir && existsSync(join(dir, 'haproxy'))) return join(dir, 'haproxy');
  }
  throw new Error('haproxy is not installed (Debian: apt-get install haproxy)');
}

/** Sends one command to HAProxy's runtime API and returns its whole answer. */
function runtimeCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let out = '';
    socket.setEncoding('utf8');
    socket.setTimeout(2000, () => socket.destroy(new Error(`no answer to "${command}"`)));
    socket.on('data', (d: string) => (out += d));
    socket.on('error', reject);
    socket.on('end', () => resolve(out));
    socket.end(`${command}\n`);
  });
}

/** Parses `show stat` (CSV, header line starting with `# `) into the backend servers' rows. */
export function parseShowStat(csv: string, backend = 'replicas'): BackendState[] {
  const [header, ...rows] = csv.trim().split('\n');
  const cols = (header ?? '').replace(/^# /, '').split(',');
  const at = (row: string[], name: string) => row[cols.indexOf(name)] ?? '';
  return rows
    .map((line) => line.split(','))
    .filter((row) => at(row, 'pxname') === backend && !['FRONTEND', 'BACKEND'].includes(at(row, 'svname')))
    .map((row) => ({
      name: at(row, 'svname'),
      status: at(row, 'status'),
      failedChecks: Number(at(row, 'chkfail') || 0),
      timesDown: Number(at(row, 'chkdown') || 0),
      lastCheck: at(row, 'check_status'),
    }));
}

/**
 * HAProxy in front of `backends` (replica base URLs), from the shipped template, on loopback (`port`, or a free one),
 * as a child process in the foreground (`-db`) stopped by its PID. Each backend is checked with `GET /readyz` every
 * `checkIntervalMs`, with no `timeout check`, so the interval is also each check's timeout.
 */
export async function startHaproxy({ backends, checkIntervalMs = 300, port: wanted }: { backends: readonly string[]; checkIntervalMs?: number; port?: number }): Promise<HaproxyProcess> {
  const port = wanted ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), 'travel-orders-haproxy-'));
  const socketPath = join(dir, 'admin.sock');
  const servers = backends.map((b, i) => {
    const u = new URL(b);
    return `    server replica${i + 1} ${u.hostname}:${u.port} check`;
  });
  const fill: Record<string, string> = {
    BIND: `127.0.0.1:${port}`,
    STATS_SOCKET: socketPath,
    CHECK_INTERVAL_MS: String(checkIntervalMs),
    SERVERS: servers.join('\n'),
  };
  const config = (await readFile(HAPROXY_TEMPLATE, 'utf8')).replace(/\{\{([A-Z_]+)\}\}/g, (m, key: string) => fill[key] ?? m);
  if (/\{\{[A-Z_]+\}\}/.test(config)) throw new Error('haproxy.cfg: a placeholder was left unfilled');
  const cfgPath = join(dir, 'haproxy.cfg');
  await writeFile(cfgPath, config);

  const child = spawn(haproxyBinary(), ['-f', cfgPath, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await waitExit(child, 2000);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const backendsNow = async () => parseShowStat(await runtimeCommand(socketPath, 'show stat'));

  for (let i = 0; ; i += 1) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`haproxy exited at start (${child.exitCode}): ${out}`);
    }
    try {
      if ((await backendsNow()).length === backends.length) break;
    } catch {
      // not listening yet
    }
    if (i >= 100) {
      await stop();
      throw new Error(`haproxy did not start: ${out}`);
    }
    await sleep(50);
  }
  return { url: `http://127.0.0.1:${port}`, port, pid: child.pid ?? -1, backends: backendsNow, stop };
}
