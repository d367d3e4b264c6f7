// The member's API calls (/v1/me/*), with the ID token as the bearer; a 401 ends the session
// here, once, so every page shows "signed out" the same way. Typed by hand to the members
// contract until docs/openapi.json describes /v1/me.
import { call, ApiFailure, type Schemas } from '../api/client';
import { clearSession, memberAuthorization } from './member-session';

export interface Me {
  id: string;
  email: string | null;
  email_verified: boolean;
  providers: string[];
}

export type MyStoryStatus = 'pending' | 'held' | 'approved' | 'rejected' | 'withdrawn';

export interface MyStory {
  id: string;
  title: string | null;
  status: MyStoryStatus;
  lang: string;
  submitted_at: string;
  decided_at: string | null;
  published_at: string | null;
}

export interface MyStories {
  stories: MyStory[];
  next_cursor: string | null;
}

export interface Membership {
  status: 'none' | 'pending' | 'subscribed';
  email: string | null;
  interests: string[];
  lang: 'en' | 'es' | null;
  consent: null | { method: 'signed_in_member' | 'email_confirmation'; version: string; at: string };
}

export type MembershipInput =
  | { subscribed: true; interests: string[]; lang: 'en' | 'es'; consent: boolean; consent_version: string }
  | { subscribed: false };

async function send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(path, {
    method,
    cache: 'no-store',
    headers: {
      ...memberAuthorization(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = response.status === 204 ? '' : await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined; // not JSON (a proxy's error page): the status alone says what happened
  }
  return response.ok ? { data: parsed as T, response } : { error: parsed, response };
}

async function member<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  try {
    return await call<T>(send<T>(method, path, body, headers));
  } catch (error) {
    if (error instanceof ApiFailure && error.kind === 'unauthorized') {
      clearSession();
    }
    throw error;
  }
}

export const getMe = () => member<Me>('GET', '/v1/me');
export const deleteMe = () => member<void>('DELETE', '/v1/me');
export const myStories = (cursor?: string) =>
  member<MyStories>('GET', `/v1/me/stories${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
export const withdrawMyStory = (id: string) => member<void>('DELETE', `/v1/me/stories/${encodeURIComponent(id)}`);
export const deleteMyStories = () => member<void>('DELETE', '/v1/me/stories');
export const submitMyStory = (input: Schemas['SubmissionInput'], key: string) =>
  member<Schemas['SubmissionAccepted']>('POST', '/v1/me/stories', input, { 'Idempotency-Key': key });
export const myMembership = () => member<Membership>('GET', '/v1/me/community');
export const saveMembership = (input: MembershipInput) => member<Membership>('PUT', '/v1/me/community', input);
