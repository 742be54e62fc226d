/**
 * The review commands: `routes SPEC` (every route with its authorization, integration, backend and permission) and
 * `diff OLD NEW` (what deploying NEW over OLD adds, removes, updates, replaces or moves). They read files and print;
 * the work is done by the pure functions in src/review/.
 */
import { Either, isLeft, left } from 'fp-ts/Either';
import { parseYaml } from '../yaml/cfnYaml';
import { BuildError } from '../errors';
import { reviewSpec } from '../review/routes';
import { RoutesFormat, formatRoutes } from '../review/routesFormat';
import { templateOfText } from '../review/input';
import { diffTemplates, isDisruptive } from '../review/diff';
import { DiffFormat, formatDiff } from '../review/diffFormat';

export interface ReviewIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** An input's text (`-`: standard input) as `build` reads it, or undefined after saying on stderr why it cannot. */
  readonly read: (file: string) => Either<BuildError, string> | undefined;
  /** Prints `apigw-cfn: <failure> (N errors):` and each error. */
  readonly printErrors: (failure: string, errors: readonly BuildError[]) => void;
}

/** `diff` exits like diff(1): 0 nothing replaced or moved, 1 something is, 2 the comparison could not be made. */
export const DIFF_EXIT = { safe: 0, disruptive: 1, trouble: 2 } as const;

const sourceName = (file: string) => (file === '-' ? 'stdin' : file);

/** A file's YAML or JSON text as data, or its errors. */
function readDocument(file: string, io: ReviewIo): Either<BuildError[], unknown> | undefined {
  const text = io.read(file);
  if (text === undefined) return undefined;
  const parsed: Either<BuildError | BuildError[], unknown> = isLeft(text) ? text : parseYaml(text.right, sourceName(file));
  // A syntax error as a list, like every other error.
  return isLeft(parsed) ? left([parsed.left].flat()) : parsed;
}

/** Prints the route review of a spec. Exit status as `build`: 0 done, 1 invalid spec or unreadable file. */
export function runRoutes(spec: string, format: RoutesFormat, io: ReviewIo): number {
  const document = readDocument(spec, io);
  if (document === undefined) return 1;
  const review = isLeft(document) ? document : reviewSpec(document.right);
  if (isLeft(review)) {
    io.printErrors(`${spec} is invalid`, review.left);
    return 1;
  }
  io.stdout(formatRoutes(review.right, format));
  return 0;
}

/** Prints what deploying NEW over OLD does; exits 1 when it replaces a resource or moves a route. */
export function runDiff(oldFile: string, newFile: string, format: DiffFormat, io: ReviewIo): number {
  const sides = [oldFile, newFile].map((file) => {
    const text = io.read(file);
    if (text === undefined) return undefined;
    const compared = isLeft(text) ? left([text.left]) : templateOfText(text.right, sourceName(file));
    if (isLeft(compared)) {
      io.printErrors(`cannot compare ${file}`, compared.left);
      return undefined;
    }
    return compared.right;
  });
  const [before, after] = sides;
  if (before === undefined || after === undefined) return DIFF_EXIT.trouble;
  const diff = diffTemplates(before.template, after.template, { before: before.routeStacks, after: after.routeStacks });
  io.stdout(formatDiff(diff, format));
  return isDisruptive(diff) ? DIFF_EXIT.disruptive : DIFF_EXIT.safe;
}
