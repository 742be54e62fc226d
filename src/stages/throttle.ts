/**
 * Throttling: a stage's default (`stage.throttle`), one route's (`routes.<key>.throttle`), or a usage plan's.
 *
 * ```yaml
 * throttle: { burstLimit: 200, rateLimit: 100 }   # requests at once, and per second (steady); either may be left out
 * ```
 * API Gateway caps every stage and route at the account's own limits (by default 10,000 requests per second with a
 * burst of 5,000 per Region, raised on request), so a value above them builds with a warning.
 */
import * as t from 'io-ts';
import { Codec, codec, doc, extend, fail, found, object } from '../spec/codec';
import { Warning, pathTo } from '../errors';

/** The account-level defaults per Region; AWS raises them on request. */
export const ACCOUNT_THROTTLE = { burstLimit: 5_000, rateLimit: 10_000 } as const;

/** ThrottlingBurstLimit is a 32-bit integer in the API. */
const MAX_INT32 = 2_147_483_647;

const burstLimit: Codec<number> = codec('burst limit', (u, c) =>
  typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= MAX_INT32
    ? t.success(u)
    : fail(u, c, `expected a whole number of requests from 0 to ${MAX_INT32}, got ${found(u)}`),
  { type: 'integer', minimum: 0, maximum: MAX_INT32 },
);

const rateLimit: Codec<number> = codec('rate limit', (u, c) =>
  typeof u === 'number' && Number.isFinite(u) && u >= 0 && u <= MAX_INT32
    ? t.success(u)
    : fail(u, c, `expected requests per second, a number from 0 to ${MAX_INT32} (fractions allowed), got ${found(u)}`),
  { type: 'number', minimum: 0, maximum: MAX_INT32 },
);

const ThrottleFields = object(
  'throttle',
  {},
  {
    burstLimit: doc(burstLimit, 'requests that may arrive at once (a whole number)'),
    rateLimit: doc(rateLimit, 'requests per second, on average (fractions allowed)'),
  },
);

export const Throttle = extend(ThrottleFields, (u, c) => {
  const r = ThrottleFields.validate(u, c);
  if (r._tag === 'Right' && r.right.burstLimit === undefined && r.right.rateLimit === undefined) {
    return fail(u, c, 'expected burstLimit, rateLimit or both');
  }
  return r;
});
export type Throttle = { readonly burstLimit?: number; readonly rateLimit?: number };

/** Warnings for limits above the account's defaults: they hold only if AWS has raised the account's quota. */
export function throttleWarnings(throttle: Throttle | undefined, path: string): Warning[] {
  if (throttle === undefined) return [];
  const warnings: Warning[] = [];
  for (const field of ['burstLimit', 'rateLimit'] as const) {
    const value = throttle[field];
    if (value !== undefined && value > ACCOUNT_THROTTLE[field]) {
      warnings.push({
        path: pathTo(path, field),
        message: `${value} is above the account's default ${field === 'burstLimit' ? 'burst' : 'rate'} limit (${ACCOUNT_THROTTLE[field]} per Region), which caps every stage and route: it takes effect only if AWS has raised your account's quota`,
      });
    }
  }
  return warnings;
}
