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

export type AppContext = ParameterizedContext<AppState>;
