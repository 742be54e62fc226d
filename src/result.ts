/**
 * Results for callers who do not use fp-ts. Every function of the library returns an fp-ts `Either`: `Right` with
 * the result, or `Left` with every error found. `toResult` turns one into a plain object to test with `ok`, and
 * `orThrow` returns the result or throws a `SpecError` that lists every error.
 */
import { Either } from 'fp-ts/Either';
import { BuildError, formatProblem } from './errors';

/** A result as a plain object: `ok` and the value, or not `ok` and every error (with `message`, one per line). */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly BuildError[]; readonly message: string };

/** The errors one per line, each naming its place: `routes["GET /x"].integration.timeout: must be ...`. */
export function formatProblems(errors: readonly BuildError[]): string {
  return errors.map(formatProblem).join('\n');
}

/** An Either of the library as a plain result object. */
export function toResult<T>(either: Either<readonly BuildError[], T>): Result<T> {
  return either._tag === 'Right'
    ? { ok: true, value: either.right }
    : { ok: false, errors: either.left, message: formatProblems(either.left) };
}

/** What `orThrow` throws: an Error whose message lists every problem, one per line, and whose `errors` holds them. */
export class SpecError extends Error {
  readonly errors: readonly BuildError[];

  constructor(errors: readonly BuildError[]) {
    const count = errors.length;
    super(`${count} error${count === 1 ? '' : 's'}:\n${formatProblems(errors)}`);
    this.name = 'SpecError';
    this.errors = errors;
  }
}

/** The result of an Either of the library, or a thrown `SpecError` listing every error. */
export function orThrow<T>(either: Either<readonly BuildError[], T>): T {
  if (either._tag === 'Left') throw new SpecError(either.left);
  return either.right;
}
