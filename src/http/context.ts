import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';

export type Principal = { readonly userId: string; readonly admin: boolean };

export type AppState = {
  requestId: string;
  log: Logger;
  principal?: Principal;
  /** The exact bytes received, kept for signature checks. */
  rawBody?: Buffer;
  body?: unknown;
};

export type AppContext = ParameterizedContext<AppState>;
