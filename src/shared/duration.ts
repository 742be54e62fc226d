/**
 * Durations: a spec writes `10s`, `500ms`, `2.5s`, or milliseconds as a number. Integrations take them as
 * TimeoutInMillis, within the limits of their API's protocol.
 */
import * as t from 'io-ts';
import { Codec, codec, fail, found } from '../spec/codec';

/** `45000` -> `45 s`, `29001` -> `29.001 s`, `500` -> `500 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Parses `10s`, `500ms`, `2.5s` or a number of milliseconds; undefined when it is neither. */
export function parseDuration(u: unknown): number | undefined {
  if (typeof u === 'number') return Number.isInteger(u) ? u : undefined;
  if (typeof u !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s)$/.exec(u.trim());
  if (m === null) return undefined;
  const ms = m[2] === 's' ? Number(m[1]) * 1000 : Number(m[1]);
  return Number.isInteger(ms) ? ms : undefined;
}

/** A duration in whole milliseconds from `minMs` to `maxMs`. */
export function duration(minMs: number, maxMs: number): Codec<number> {
  return codec(`duration ${formatDuration(minMs)} to ${formatDuration(maxMs)}`, (u, c) => {
    const ms = parseDuration(u);
    if (ms === undefined) {
      return fail(u, c, `expected a duration such as 10s or 500ms, or whole milliseconds as a number, got ${found(u)}`);
    }
    return ms >= minMs && ms <= maxMs
      ? t.success(ms)
      : fail(u, c, `must be between ${formatDuration(minMs)} and ${formatDuration(maxMs)}, got ${formatDuration(ms)}`);
  });
}

/** HTTP APIs: 50 ms to 30 s (AWS's limit; CDK caps it at 29 s, which is the WebSocket limit). */
export const httpTimeout = duration(50, 30_000);
/** WebSocket APIs: 50 ms to 29 s. */
export const webSocketTimeout = duration(50, 29_000);
