// Signing in: outside production any name gets a development token; in production the platform passes one as
// ?token= or leaves it in localStorage. The page only reads the token's subject; the service checks it.

import { api, isRecord, setToken } from './api-client.js';
import { t, type MessageKey } from './messages.js';
import { devMode, el, load, save, say, STORE } from './page.js';

/** The subject of a token that has not expired; the service checks the signature, the page only reads it. */
export function subjectOf(token: string): string | null {
  try {
    const part = token.split('.')[1] ?? '';
    const payload: unknown = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=')));
    if (!isRecord(payload) || typeof payload['sub'] !== 'string') return null;
    if (typeof payload['exp'] === 'number' && payload['exp'] * 1000 <= Date.now()) return null;
    return payload['sub'];
  } catch {
    return null;
  }
}

/** A platform passes the token as ?token= (taken out of the address bar at once) or leaves it in localStorage. */
export function findToken(): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    url.searchParams.delete('token');
    history.replaceState(null, '', url.toString());
    save(STORE.token, fromUrl);
  }
  for (const candidate of [load(STORE.token), load(STORE.token, 'local')]) {
    if (candidate && subjectOf(candidate)) return candidate;
  }
  return null;
}

export function showSignIn(message: MessageKey | null = null): void {
  el.app.hidden = true;
  el.signIn.hidden = false;
  el.devSignIn.hidden = !devMode;
  el.platformSignIn.hidden = devMode;
  el.who.hidden = true;
  el.signOut.hidden = true;
  say(el.signInMessage, message ? t(message) : '', message ? 'warn' : 'info');
  if (devMode) el.devSub.focus();
}

/** A 401: sign in again. The booking attempt stays in sessionStorage and is sent again once signed in. */
export function sessionExpired(): void {
  setToken(null);
  save(STORE.token, null);
  showSignIn('sessionExpired');
}

/** The development sign-in form; `enter` opens the page with the new token. */
export async function devSignIn(enter: (token: string) => Promise<void>): Promise<void> {
  const sub = el.devSub.value.trim();
  if (!el.devSignIn.reportValidity()) return;
  const button = el.devSignInButton;
  button.disabled = true;
  try {
    const reply = await api('GET', `/dev/token?${new URLSearchParams({ sub }).toString()}`);
    if (reply.kind === 'reply' && reply.status === 200 && isRecord(reply.body) && typeof reply.body['token'] === 'string') {
      save(STORE.token, reply.body['token']);
      await enter(reply.body['token']);
      return;
    }
    say(el.signInMessage, t('signInFailed'), 'error');
  } finally {
    button.disabled = false;
  }
}

export function signOut(): void {
  save(STORE.token, null);
  save(STORE.order, null);
  save(STORE.draft, null);
  try {
    localStorage.removeItem(STORE.token);
  } catch {
    // Nothing stored there.
  }
  location.reload();
}
