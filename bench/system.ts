import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time (user + system) a process has used so far, in ms; undefined once it is gone or unreadable. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) / clockTicks()) * 1000;
  } catch {
    return undefined;
  }
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
export function machineCpu(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Samples a set of processes and the machine at the start of a scenario; `stop()` gives their use over it. */
export function cpuMeter(groups: Record<string, number[]>) {
  const t0 = Date.now();
  const before = Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, pids.map(processCpuMs)]));
  const m0 = machineCpu();
  return {
    /**
     * Per group, percent of one core (200% = two cores busy) and the CPU ms used; machine as percent of all its
     * cores. A group none of whose PIDs could be read is null.
     */
    stop(): { percent: Record<string, number | null>; usedMs: Record<string, number | null> } {
      const wall = Math.max(1, Date.now() - t0);
      const out: Record<string, number | null> = {};
      const usedMs: Record<string, number | null> = {};
      for (const [k, pids] of Object.entries(groups)) {
        let used = 0;
        let known = false;
        pids.forEach((pid, i) => {
          const a = before[k]?.[i];
          const b = processCpuMs(pid);
          if (a !== undefined && b !== undefined) {
            used += b - a;
            known = true;
          }
        });
        out[k] = known ? (used / wall) * 100 : null;
        usedMs[k] = known ? used : null;
      }
      const m1 = machineCpu();
      out['machine'] = m0 && m1 && m1.total > m0.total ? ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100 : null;
      return { percent: out, usedMs };
    },
  };
}

export function machineFacts(mariadbVersion: string) {
  const model = cpus()[0]?.model ?? 'unknown';
  return {
    nproc: cpus().length,
    cpuModel: model,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    mariadb: mariadbVersion,
    kernel: readFirstLine('/proc/sys/kernel/osrelease'),
  };
}

function readFirstLine(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n')[0] ?? '';
  } catch {
    return '';
  }
}
