import { spawnReplica } from '../src/cluster/processes.js';
import type { BookTarget } from './protocol.js';
import type { Check, ScenarioReport, SweepPoint } from './report.js';
import { bookJobs, runOnWorkers, scenarioBook, type Ctx } from './runner.js';

/** The sweep's grid: each scenario at each replica count and each number of clients. */
export const SWEEP = { scenarios: ['hot', 'spread'], replicas: [1, 2, 3], concurrency: [16, 64, 256] } as const;
export type SweepScenario = (typeof SWEEP.scenarios)[number];

const WARM_UP_MS = 2000;

/** Stops the run's replicas (SIGTERM, each waited for) and starts n fresh ones with the run's environment. */
async function restartReplicas(ctx: Ctx, n: number, say: (line: string) => void): Promise<void> {
  // In place: the run's clean-up and its log summary hold these same arrays.
  const old = ctx.replicas.splice(0);
  const codes = await Promise.all(old.map((r) => r.stop('SIGTERM', 20_000)));
  ctx.retired.push(...old);
  if (codes.some((c) => c !== 0)) say(`sweep: replicas stopped with exit codes ${codes.join(', ')}`);
  const fresh = await Promise.all(Array.from({ length: n }, () => spawnReplica(ctx.replicaEnv)));
  ctx.replicas.push(...fresh);
  ctx.urls.splice(0, ctx.urls.length, ...fresh.map((r) => r.url));
}

function targetOf(ctx: Ctx, scenario: SweepScenario): BookTarget {
  return scenario === 'hot' ? { type: 'route', routeIds: [ctx.cat.hotRouteId] } : { type: 'route', routeIds: ctx.cat.spreadRouteIds };
}

function pointOf(r: ScenarioReport, scenario: SweepScenario, replicas: number, concurrency: number): SweepPoint {
  return {
    scenario,
    replicas,
    concurrency,
    wallSeconds: r.wallSeconds,
    accepted: r.accepted,
    acceptedPerSecond: r.acceptedPerSecond,
    latencyMs: r.latencyMs,
    replicaCpuUsPerAccepted: r.replicaCpuUsPerAccepted,
    mariadbCpuUsPerAccepted: r.mariadbCpuUsPerAccepted,
    codes: r.codes,
    oversell: r.oversell,
    leaks: r.leaks,
    cpu: r.cpu,
    batches: r.batches,
    checks: r.checks,
  };
}

export const pointName = (p: Pick<SweepPoint, 'scenario' | 'replicas' | 'concurrency'>) => `${p.scenario} ${p.replicas}r C=${p.concurrency}`;

/**
 * After the main scenarios, on the same database and lock masters: for each replica count, fresh replicas, a short
 * unreported warm-up, then each scenario at each number of clients, every point ending with the invariant checks.
 * The run is left with the last count's replicas.
 */
export async function runSweep(ctx: Ctx, { scenarios, durationMs, say }: { scenarios: readonly SweepScenario[]; durationMs: number; say: (line: string) => void }): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  for (const replicas of SWEEP.replicas) {
    say(`sweep: restarting with ${replicas} replica${replicas === 1 ? '' : 's'}`);
    await restartReplicas(ctx, replicas, say);
    await runOnWorkers(ctx, `warm-up ${replicas}r`, bookJobs(ctx, { type: 'route', routeIds: [ctx.cat.warmRouteId] }, 16, WARM_UP_MS), { totalMs: WARM_UP_MS });
    for (const scenario of scenarios) {
      for (const concurrency of SWEEP.concurrency) {
        const name = pointName({ scenario, replicas, concurrency });
        const report = await scenarioBook(ctx, name, `${scenario} with ${replicas} replicas and ${concurrency} clients`, targetOf(ctx, scenario), concurrency, durationMs);
        points.push(pointOf(report, scenario, replicas, concurrency));
      }
    }
  }
  return points;
}

/** One line per invariant over all the sweep's points: PASS if it held at every point, else where it failed. */
export function sweepInvariantChecks(points: SweepPoint[]): Check[] {
  const names = [...new Set(points.flatMap((p) => p.checks.filter((c) => c.kind === 'correctness').map((c) => c.name)))];
  return names.map((name) => {
    const failed = points.filter((p) => p.checks.some((c) => c.name === name && !c.ok));
    return {
      kind: 'correctness',
      name,
      ok: failed.length === 0,
      detail:
        failed.length === 0
          ? `held at all ${points.length} points`
          : `failed at ${failed.length} of ${points.length} points: ${failed.map((p) => `${pointName(p)} (${p.checks.find((c) => c.name === name)?.detail ?? ''})`).join('; ')}`,
    };
  });
}
