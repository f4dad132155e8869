import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import type { Principal } from '../shared/principal.js';

export type { Principal } from '../shared/principal.js';

export type AppState = {
  requestId: string;
  log: Logger;
  principal?: Principal;
  /** The client's address: the socket's peer, or what a trusted balancer says it is. */
  clientAddress: string;
  /** The exact bytes received, kept for signature checks. */
  rawBody?: Buffer;
  body?: unknown;
};

/** Where the API lives; app.ts mounts its routers here and a 201 names what it made under it (Location). */
export const API_PREFIX = '/api/v1';

export type AppContext = ParameterizedContext<AppState>;
