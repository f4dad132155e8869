/**
 * Test-only fault switch: when FAULT_INJECTION=1 (never in production) a test can make this replica pause
 * or die at a named point, to prove what happens to leases, transactions and callbacks when it does.
 */
export const FAULT_POINTS = ['booking.beforeCommit', 'booking.afterCommit', 'payment.afterMarker', 'release.beforeCommit'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];
export type FaultAction = { point: FaultPoint; delayMs?: number; crash?: boolean; times?: number };

export type Faults = {
  readonly enabled: boolean;
  arm(action: FaultAction): void;
  clear(): void;
  at(point: FaultPoint): Promise<void>;
};

export function createFaults(enabled: boolean): Faults {
  const armed = new Map<FaultPoint, FaultAction & { remaining: number }>();
  return {
    enabled,
    arm(action) {
      if (!enabled) return;
      armed.set(action.point, { ...action, remaining: action.times ?? 1 });
    },
    clear() {
      armed.clear();
    },
    async at(point) {
      if (!enabled) return;
      const action = armed.get(point);
      if (!action) return;
      action.remaining -= 1;
      if (action.remaining <= 0) armed.delete(point);
      if (action.crash) process.kill(process.pid, 'SIGKILL');
      if (action.delayMs) await new Promise((resolve) => setTimeout(resolve, action.delayMs));
    },
  };
}
