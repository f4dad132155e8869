import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import type { Principal } from '../shared/principal.js';

export type { Principal } from '../shared/principal.js';

export type AppState = {
  requestId: string;
  log: Logger;
  principal?: Principal;
  /** The exact bytes received, kept for signature checks. */
  rawBody?: Buffer;
  body?: unknown;
};

export type AppContext = ParameterizedContext<AppState>;
