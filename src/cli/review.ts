/**
 * The review commands: `routes SPEC` (every route with its authorization, integration, backend and permission) and
 * `diff OLD NEW` (what deploying NEW over OLD adds, removes, updates, replaces or moves). They read files and print;
 * the work is done by the pure functions in src/review/.
 */
import { Either, isLeft, left } from 'fp-ts/Either';
import { parseYaml } from '../yaml/cfnYaml';
import { BuildError, formatProblem } from '../errors';
import { reviewSpec } from '../review/routes';
import { RoutesFormat, formatRoutes } from '../review/routesFormat';
import { templateOf } from '../review/input';
import { diffTemplates, isDisruptive } from '../review/diff';
import { DiffFormat, formatDiff } from '../review/diffFormat';

export interface ReviewIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** A file's text (`-`: standard input), or undefined after saying on stderr why it cannot be read. */
  readonly read: (file: string) => string | undefined;
}

export type RoutesArgs = { readonly command: 'routes'; readonly spec: string; readonly format: RoutesFormat };
export type DiffArgs = { readonly command: 'diff'; readonly old: string; readonly new: string; readonly format: DiffFormat };

/** `diff` exits like diff(1): 0 nothing replaced or moved, 1 something is, 2 the comparison could not be made. */
export const DIFF_EXIT = { safe: 0, disruptive: 1, trouble: 2 } as const;

/** The files and `--format` of a review command's arguments (after the command name), or what is wrong with them. */
function parseReviewArgs(
  command: string,
  argv: readonly string[],
  formats: readonly string[],
): { files: string[]; format?: string } | { problem: string } {
  const files: string[] = [];
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-f' || arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.startsWith('--format=') ? arg.slice('--format='.length) : argv[++i];
      if (value === undefined || !formats.includes(value)) {
        return { problem: `${command} --format takes ${formats.join(', ')}, got ${JSON.stringify(value ?? '')}` };
      }
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { problem: `unknown option ${arg} for ${command}` };
    } else {
      files.push(arg);
    }
  }
  return { files, format };
}

export function parseRoutesArgs(argv: readonly string[]): RoutesArgs | { problem: string } {
  const parsed = parseReviewArgs('routes', argv, ['table', 'mermaid', 'json']);
  if ('problem' in parsed) return parsed;
  if (parsed.files.length !== 1) return { problem: `routes takes one spec file, got ${parsed.files.length}` };
  return { command: 'routes', spec: parsed.files[0], format: (parsed.format ?? 'table') as RoutesFormat };
}

export function parseDiffArgs(argv: readonly string[]): DiffArgs | { problem: string } {
  const parsed = parseReviewArgs('diff', argv, ['table', 'json']);
  if ('problem' in parsed) return parsed;
  if (parsed.files.length !== 2) return { problem: `diff takes two files, OLD and NEW (templates or specs), got ${parsed.files.length}` };
  if (parsed.files[0] === '-' && parsed.files[1] === '-') return { problem: 'only one of OLD and NEW can come from stdin' };
  return { command: 'diff', old: parsed.files[0], new: parsed.files[1], format: (parsed.format ?? 'table') as DiffFormat };
}

const sourceName = (file: string) => (file === '-' ? 'stdin' : file);

/** A file's YAML or JSON text as data; a syntax error as a list, like every other error. */
function parseDocument(text: string, file: string): Either<BuildError[], unknown> {
  const parsed = parseYaml(text, sourceName(file));
  return isLeft(parsed) ? left([parsed.left].flat()) : parsed;
}

function printErrors(io: ReviewIo, failure: string, errors: readonly BuildError[]): void {
  io.stderr(`apigw-cfn: ${failure} (${errors.length} error${errors.length === 1 ? '' : 's'}):\n`);
  for (const error of errors) io.stderr(`  ${formatProblem(error)}\n`);
}

/** Prints the route review of a spec. Exit status as `build`: 0 done, 1 invalid spec or unreadable file. */
export function runRoutes(args: RoutesArgs, io: ReviewIo): number {
  const text = io.read(args.spec);
  if (text === undefined) return 1;
  const parsed = parseDocument(text, args.spec);
  const review = isLeft(parsed) ? parsed : reviewSpec(parsed.right);
  if (isLeft(review)) {
    printErrors(io, `${args.spec} is invalid`, review.left);
    return 1;
  }
  io.stdout(formatRoutes(review.right, args.format));
  return 0;
}

/** Prints what deploying NEW over OLD does; exits 1 when it replaces a resource or moves a route. */
export function runDiff(args: DiffArgs, io: ReviewIo): number {
  const sides = [args.old, args.new].map((file) => {
    const text = io.read(file);
    if (text === undefined) return undefined;
    const parsed = parseDocument(text, file);
    const compared = isLeft(parsed) ? parsed : templateOf(parsed.right, sourceName(file));
    if (isLeft(compared)) {
      printErrors(io, `cannot compare ${file}`, compared.left);
      return undefined;
    }
    return compared.right.template;
  });
  const [before, after] = sides;
  if (before === undefined || after === undefined) return DIFF_EXIT.trouble;
  const diff = diffTemplates(before, after);
  io.stdout(formatDiff(diff, args.format));
  return isDisruptive(diff) ? DIFF_EXIT.disruptive : DIFF_EXIT.safe;
}
