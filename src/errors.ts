/**
 * Errors are values. Every error a user can meet says where (a path into the spec, or a logical ID), and what is
 * wrong, phrased as "expected X, got Y" wherever that reads naturally.
 */
export interface BuildError {
  /** Where: `routes["GET /books"].integration.timeout`, or `Resources.RouteGetBooks...` for template problems. */
  readonly path: string;
  readonly message: string;
}

/** Something that builds but deserves a look (a collapsed permission, a template past the inline size): where, and why. */
export interface Warning {
  readonly path: string;
  readonly message: string;
}

export const buildError = (path: string, message: string): BuildError => ({ path, message });

/** One error or warning as a line: `path: message` (the message alone when it names no place). */
export function formatProblem(problem: BuildError | Warning): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Appends one key to a path the way a reader would write it: `a.b`, `a["GET /x"]`, `a[0]`. */
export function pathTo(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (identifier.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}
