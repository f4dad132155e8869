/** Messages between bench.ts and its load-worker processes (child_process.fork IPC). */

export type RoomRef = { hotelId: number; roomTypeId: number };

export type BookTarget =
  /** keyed: every booking sends a fresh Idempotency-Key (one per request, never repeated). */
  | { type: 'route'; routeIds: number[]; keyed?: boolean }
  | { type: 'hotel'; rooms: RoomRef[]; firstDayOffset: number; windowDays: number; maxNights: number };

export type People = { jwtSecret: string; prefix: string };

type Common = {
  /** Epoch ms at which every worker starts sending, so the workers' clocks line up. */
  startAt: number;
  /** Replica base URLs; requests rotate over them like a round-robin balancer. */
  urls: string[];
  /**
   * Who books: the worker signs a token for each person it needs (HS256 with the replicas' secret), subjects
   * `<prefix>-<worker pid>-<n>`. A booking is one person's, as in a sale many people join: so no person comes near
   * the holding or rate limits, which are counted on every request all the same.
   */
  people: People;
};

/** C closed-loop clients booking for a fixed time. */
export type BookJob = Common & { kind: 'book'; clients: number; durationMs: number; target: BookTarget };

/** N buyers released at once; a buyer retries LOCK_BUSY after Retry-After, as a careful client would. */
export type BurstJob = Common & { kind: 'burst'; buyers: number; routeId: number; maxAttempts: number };

/** Book, ask for the payment intent, then deliver the signed success callback `deliveries` times at once. */
export type PayJob = Common & { kind: 'pay'; clients: number; durationMs: number; routeIds: number[]; deliveries: number; webhookSecret: string };

/** The service's booking transaction issued straight through mysql2: no HTTP, no lease. */
export type SqlJob = { kind: 'sql'; startAt: number; databaseUrl: string; clients: number; durationMs: number; routeIds: number[]; userPrefix: string };

export type Job = BookJob | BurstJob | PayJob | SqlJob;

export type OpStats = {
  /** Latency of every request of this operation, in ms. */
  latenciesMs: number[];
  /** Responses by status, with the error code for non-2xx ("409 INSUFFICIENT_STOCK"). */
  codes: Record<string, number>;
};

export type WorkerResult = {
  /** The operation the scenario is judged by ("book", "callback", "txn"). */
  primary: string;
  ops: Record<string, OpStats>;
  /** Requests that did what was asked (201 booking, paid order, committed transaction). */
  accepted: number;
  /** Ms after startAt at which the last accepted request was answered. */
  lastAcceptedMs: number;
  /** Ms after startAt at which the worker's last request was answered. */
  wallMs: number;
  /** This process's own CPU time over the run, ms. */
  cpuMs: number;
  /** Payments: order numbers this worker saw paid, and deliveries that answered duplicate:false more or less than once. */
  paidOrders?: string[];
  freshNotOne?: number;
  /** A few unexpected answers, for the report. */
  samples: string[];
};

export type ToWorker = { type: 'run'; job: Job };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; done: number; accepted: number }
  | { type: 'result'; result: WorkerResult }
  | { type: 'error'; message: string };
