// The member's API calls (/v1/me/*), typed from docs/openapi.json, with the ID token as the
// bearer; a 401 ends the session here, once, so every page shows "signed out" the same way.
import { api, ApiFailure, call, type Schemas } from '../api/client';
import { clearSession, memberAuthorization } from './member-session';

export type Me = Schemas['Me'];
export type MyStory = Schemas['MyStory'];
export type Membership = Schemas['MembershipView'];
export type MembershipInput = Schemas['MembershipInput'];

async function member<T>(request: () => Parameters<typeof call<T>>[0]): Promise<T> {
  try {
    return await call<T>(request());
  } catch (error) {
    if (error instanceof ApiFailure && error.kind === 'unauthorized') {
      clearSession();
    }
    throw error;
  }
}

// Never from the HTTP cache: these answers are one person's, and change with every action.
const fresh = () => ({ headers: memberAuthorization(), cache: 'no-store' as const });

export const getMe = () => member(() => api.GET('/v1/me', fresh()));
export const deleteMe = () => member(() => api.DELETE('/v1/me', fresh()));
export const myStories = (cursor?: string) =>
  member(() => api.GET('/v1/me/stories', { ...fresh(), params: { query: cursor ? { cursor } : {} } }));
export const withdrawMyStory = (id: string) =>
  member(() => api.DELETE('/v1/me/stories/{id}', { ...fresh(), params: { path: { id } } }));
export const deleteMyStories = () => member(() => api.DELETE('/v1/me/stories', fresh()));
export const submitMyStory = (input: Schemas['SubmissionInput'], key: string) =>
  member(() => api.POST('/v1/me/stories', { ...fresh(), body: input, params: { header: { 'Idempotency-Key': key } } }));
export const myMembership = () => member(() => api.GET('/v1/me/community', fresh()));
export const saveMembership = (input: MembershipInput) =>
  member(() => api.PUT('/v1/me/community', { ...fresh(), body: input }));
