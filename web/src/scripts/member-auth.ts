// Member sign-in. In AWS: the members pool's Hosted UI, authorization code with PKCE, straight
// to the chosen provider (identity_provider=); back on /{lang}/account/ the code is traded for
// tokens. Locally: the local server's development sign-in. Only the ID token is kept (see
// member-session); the access and refresh tokens are dropped as soon as they arrive.
import { pageLang, sitePath } from './dom';
import { clearSession, saveSession } from './member-session';

export type MembersConfig =
  | { sign_in: 'local' }
  // A stack deployed without a members' Hosted UI (scripts/deploy-site).
  | { sign_in: 'none' }
  | { sign_in: 'cognito'; domain: string; client_id: string; providers: string[] };

const PKCE_KEY = 'immunoguide.member-pkce';

export async function membersConfig(): Promise<MembersConfig | null> {
  const response = await fetch('/site-config.json', { cache: 'no-store' });
  if (!response.ok) {
    return null;
  }
  return ((await response.json()) as { members?: MembersConfig }).members ?? null;
}

/** The callback registered on the app client: the account page in the page's language. */
function redirectUri(): string {
  return `${location.origin}${sitePath('/account/', pageLang())}`;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Locally: a token for the chosen email straight from the local server. */
export async function signInLocally(email: string, emailVerified: boolean, provider: string): Promise<boolean> {
  const response = await fetch('/local/member-sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, email_verified: emailVerified, provider }),
  });
  if (!response.ok) {
    return false;
  }
  const answer = (await response.json()) as { token: string; expires_in: number };
  saveSession(answer.token, answer.expires_in);
  return true;
}

/** With Cognito: leaves for the provider through the Hosted UI. */
export async function signInWith(config: Extract<MembersConfig, { sign_in: 'cognito' }>, provider: string): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  // The verifier (not a token) must survive the round trip: this tab only.
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const authorize = new URL('/oauth2/authorize', config.domain);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.client_id,
    redirect_uri: redirectUri(),
    identity_provider: provider,
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(authorize.toString());
}

/**
 * Back from the Hosted UI: takes the code (and state) out of the address bar, checks the state,
 * trades the code. Null when this is not a return from the Hosted UI.
 */
export async function completeSignIn(config: MembersConfig | null): Promise<boolean | null> {
  const url = new URL(location.href);
  const code = url.searchParams.get('code');
  const state = url.searchParams.get('state');
  const error = url.searchParams.get('error');
  if (!code && !error) {
    return null;
  }
  for (const name of ['code', 'state', 'error', 'error_description']) {
    url.searchParams.delete(name);
  }
  history.replaceState(null, '', url.pathname + url.search);
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  if (!code || !saved || saved.state !== state || config?.sign_in !== 'cognito') {
    return false;
  }
  const response = await fetch(new URL('/oauth2/token', config.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.client_id,
      code,
      redirect_uri: redirectUri(),
      code_verifier: saved.verifier,
    }),
  });
  if (!response.ok) {
    return false;
  }
  // Only the ID token (its audience is the app client, which the API checks) and its lifetime.
  const { id_token: idToken, expires_in: expiresIn } = (await response.json()) as { id_token: string; expires_in: number };
  saveSession(idToken, expiresIn);
  return true;
}

/** Ends the session here and, with Cognito, the Hosted UI's session too (its /logout). */
export function signOut(config: MembersConfig | null): void {
  clearSession();
  if (config?.sign_in === 'cognito') {
    const logout = new URL('/logout', config.domain);
    logout.search = new URLSearchParams({
      client_id: config.client_id,
      logout_uri: `${location.origin}${sitePath('/', pageLang())}`,
    }).toString();
    location.assign(logout.toString());
  }
}
