/**
 * Durations: a spec writes `10s`, `500ms`, `2.5s`, or milliseconds as a number. Integrations take them as
 * TimeoutInMillis, within the limits of their API's protocol.
 */
import * as t from 'io-ts';
import { Codec, codec, definition, fail, found } from '../spec/codec';

/** A duration as a spec writes it: `'10s'`, `'2.5s'`, `'500ms'`, or whole milliseconds as a number. */
export type DurationInput = number | `${number}s` | `${number}ms`;

/** The JSON Schema of a written duration's text (its range is checked by the codec). */
export const DURATION_TEXT_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s)\\s*$';

/** `45000` -> `45 s`, `29001` -> `29.001 s`, `500` -> `500 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Parses `10s`, `500ms`, `2.5s` or a number of milliseconds; undefined when it is neither. */
export function parseDuration(u: unknown): number | undefined {
  if (typeof u === 'number') return Number.isInteger(u) ? u : undefined;
  if (typeof u !== 'string') return undefined;
  const m = /^(\d+)(?:\.(\d+))?\s*(ms|s)$/.exec(u.trim());
  if (m === null) return undefined;
  const [, whole, fraction = '', unit] = m;
  // Decimal digits, not floating point: 1.001 * 1000 is 1000.9999999999999, which would reject `1.001s`.
  const places = unit === 's' ? 3 : 0;
  if (fraction.replace(/0+$/, '').length > places) return undefined; // a fraction of a millisecond
  return Number(whole) * 10 ** places + Number(fraction.padEnd(places, '0').slice(0, places) || '0');
}

/** A duration in whole milliseconds from `minMs` to `maxMs`. */
export function duration(minMs: number, maxMs: number): Codec<number, DurationInput> {
  const range = `${formatDuration(minMs)} to ${formatDuration(maxMs)}`;
  return codec<number, DurationInput>(
    `duration ${range}`,
    (u, c) => {
      const ms = parseDuration(u);
      if (ms === undefined) {
        return fail(u, c, `expected a duration such as 10s or 500ms, or whole milliseconds as a number, got ${found(u)}`);
      }
      return ms >= minMs && ms <= maxMs
        ? t.success(ms)
        : fail(u, c, `must be between ${formatDuration(minMs)} and ${formatDuration(maxMs)}, got ${formatDuration(ms)}`);
    },
    {
      description: `a duration from ${range}: 10s, 2.5s, 500ms, or whole milliseconds as a number`,
      anyOf: [
        { type: 'string', pattern: DURATION_TEXT_PATTERN },
        { type: 'integer', minimum: minMs, maximum: maxMs },
      ],
    },
    (ms) => ms,
  );
}

/** HTTP APIs: 50 ms to 30 s (AWS's limit; CDK caps it at 29 s, which is the WebSocket limit). */
export const httpTimeout = definition('HttpTimeout', duration(50, 30_000));
/** WebSocket APIs: 50 ms to 29 s. */
export const webSocketTimeout = definition('WebSocketTimeout', duration(50, 29_000));
