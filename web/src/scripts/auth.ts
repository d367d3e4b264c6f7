// Moderator sign-in. In AWS: Cognito's Hosted UI with the authorization code flow and PKCE;
// locally: the local server's development sign-in. The token is kept in memory only.
import { pageLang, sitePath } from './dom';

type SiteConfig =
  | { moderation: { sign_in: 'local' } }
  | { moderation: { sign_in: 'cognito'; domain: string; client_id: string } };

let token: string | null = null;
const PKCE_KEY = 'immunoguide.pkce';

export function currentToken(): string | null {
  return token;
}

export function signOut(): void {
  token = null;
}

async function config(): Promise<SiteConfig> {
  const response = await fetch('/site-config.json', { cache: 'no-store' });
  return (await response.json()) as SiteConfig;
}

function redirectUri(): string {
  return `${location.origin}${sitePath('/moderation/', pageLang())}`;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Starts signing in: locally at once; with Cognito, by leaving for the Hosted UI. */
export async function signIn(): Promise<boolean> {
  const site = await config();
  if (site.moderation.sign_in === 'local') {
    const response = await fetch('/local/moderator-sign-in', { method: 'POST' });
    if (!response.ok) {
      return false;
    }
    token = ((await response.json()) as { token: string }).token;
    return true;
  }
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  // The verifier (not a token) must survive the round trip to the Hosted UI: this tab only.
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const authorize = new URL('/oauth2/authorize', site.moderation.domain);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: site.moderation.client_id,
    redirect_uri: redirectUri(),
    scope: 'openid',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(authorize.toString());
  return false;
}

/** Back from the Hosted UI: trades the code for tokens and removes it from the address bar. */
export async function completeSignIn(): Promise<boolean> {
  const url = new URL(location.href);
  const code = url.searchParams.get('code');
  const state = url.searchParams.get('state');
  if (!code) {
    return false;
  }
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  history.replaceState(null, '', url.pathname + url.search);
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  const site = await config();
  if (!saved || saved.state !== state || site.moderation.sign_in !== 'cognito') {
    return false;
  }
  const response = await fetch(new URL('/oauth2/token', site.moderation.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: site.moderation.client_id,
      code,
      redirect_uri: redirectUri(),
      code_verifier: saved.verifier,
    }),
  });
  if (!response.ok) {
    return false;
  }
  // The ID token: its audience is the app client, which the API's JWT authorizer checks.
  token = ((await response.json()) as { id_token: string }).id_token;
  return true;
}
