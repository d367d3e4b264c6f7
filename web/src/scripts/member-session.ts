// The member's session: the ID token and when it expires, in this tab's sessionStorage only
// (never localStorage, so it ends with the tab). Kept apart from member-auth so that every
// page's nav entry can read it without loading the sign-in code.
const SESSION_KEY = 'immunoguide.member';

interface Session {
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

function read(): Session | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return saved && typeof saved.token === 'string' && typeof saved.expiresAt === 'number' ? saved : null;
  } catch {
    return null;
  }
}

/** The ID token, or null when signed out; an expired token counts as signed out. */
export function memberToken(): string | null {
  const session = read();
  if (!session) {
    return null;
  }
  if (session.expiresAt <= Date.now()) {
    sessionStorage.removeItem(SESSION_KEY);
    return null;
  }
  return session.token;
}

/** The token's own `exp` in milliseconds, when it reads as a JWT (not verified: the API does that). */
function jwtExpiry(token: string): number | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Keeps the token until the sooner of `expires_in` (the token endpoint's) and its own `exp`. */
export function saveSession(token: string, expiresInSeconds: number): void {
  const byAnswer = Date.now() + expiresInSeconds * 1000;
  const expiresAt = Math.min(byAnswer, jwtExpiry(token) ?? byAnswer);
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token, expiresAt }));
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** The header for the member's API calls. */
export function memberAuthorization(): { Authorization: string } {
  return { Authorization: `Bearer ${memberToken() ?? ''}` };
}

/** The header's entry says "Sign in" or "My account" (its two labels are in its data). */
export function refreshAccountLink(): void {
  const link = document.querySelector<HTMLAnchorElement>('a[data-account-link]');
  if (link) {
    link.textContent = (memberToken() ? link.dataset['signedIn'] : link.dataset['signedOut']) ?? link.textContent;
  }
}
