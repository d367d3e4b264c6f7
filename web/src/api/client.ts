// The API client, typed from docs/openapi.json (`npm run gen` writes schema.d.ts): a change of
// the contract that the site depends on fails `astro check`, and so the build.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

// One origin: CloudFront (and the local server) route /v1/* to the API.
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });

export type FailureKind =
  | 'offline'
  | 'rate_limited'
  | 'unavailable'
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'failed';

/** Why a call did not succeed, with what a page needs to explain it. */
export class ApiFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly status: number,
    readonly problem?: Problem,
    /** Seconds from `Retry-After`, on a 429. */
    readonly retryAfter?: number,
  ) {
    super(`${kind} (${status})`);
  }
}

const kinds: Record<number, FailureKind> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'invalid',
  429: 'rate_limited',
  503: 'unavailable',
};

/** The answer's data, or an `ApiFailure` saying why there is none. */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result;
  try {
    result = await request;
  } catch {
    // fetch only rejects when no answer came back at all.
    throw new ApiFailure('offline', 0);
  }
  const { response } = result;
  if (response.ok) {
    return result.data as T;
  }
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  const problem = isProblem(result.error) ? result.error : undefined;
  throw new ApiFailure(
    kinds[response.status] ?? (response.status >= 500 ? 'unavailable' : 'failed'),
    response.status,
    problem,
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

/** A fresh key for one submission attempt; retries of that attempt reuse it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
