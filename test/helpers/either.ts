import { Either } from 'fp-ts/Either';
import { BuildError, formatProblem } from '../../src/errors';

/** The Right of an Either, or a test failure listing the problems of its Left. */
export function unwrap<T>(result: Either<readonly BuildError[] | BuildError, T>): T {
  if (result._tag === 'Right') return result.right;
  const problems = Array.isArray(result.left) ? result.left : [result.left];
  throw new Error(`expected success, got:\n${problems.map(formatProblem).join('\n')}`);
}

/** The Left of an Either, or a test failure. */
export function errorsOf<T>(result: Either<readonly BuildError[], T>): string[] {
  if (result._tag === 'Right') throw new Error('expected errors, got a successful build');
  return result.left.map(formatProblem);
}
