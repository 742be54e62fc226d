/**
 * The command line: a thin shell around the pipeline. It reads files, runs `buildSpecText`, prints problems and
 * writes output atomically (a temporary file renamed into place, so a failed build never leaves a partial file).
 *
 * Exit status: 0 done (warnings on stderr), 1 the input is invalid or a file cannot be read or written,
 * 2 usage error, 3 internal error (a bug: please report it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Either } from 'fp-ts/Either';
import { Rendered, buildSpecText, mergeSpecText } from '../build';
import { Format } from '../output/render';
import { BuildError, formatProblem } from '../errors';
import { StackOptions, buildStacksText, formatPlan, planSpecText } from '../split/stacks';

export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

const USAGE = `Usage:
  apigw-cfn build SPEC [-o FILE] [--format yaml|json] [--fragment]
  apigw-cfn build SPEC --out-dir DIR [--format yaml|json] [--max-parallel N] [--template-url-prefix URL]
  apigw-cfn merge HOST SPEC [-o FILE] [--format yaml|json]
  apigw-cfn plan SPEC [--format table|json] [--max-parallel N]
  apigw-cfn --help | --version

build   makes an API Gateway v2 CloudFormation template from SPEC (YAML or JSON; - for stdin).
        With --fragment, only the Parameters, Resources and Outputs to paste into a host template (a SAM
        template's Resources, a Serverless service's resources.Resources); the logical IDs it expects the host
        to define are listed on stderr.
        With --out-dir, writes DIR/template.yaml, and when one template cannot hold the API (or the spec says
        stacks: {nested: always}), the route stacks beside it (DIR/route-stack-N.yaml), ready for
        aws cloudformation package.
merge   adds what SPEC builds to the template HOST (YAML or JSON) and prints the result; HOST is changed only
        when -o names it. Every entry of HOST stays as it was; an ID that HOST defines differently is an error.
plan    prints, without writing anything, the stacks SPEC builds into, what each holds, and the room left under
        every CloudFormation limit and API Gateway quota that matters.

Options:
  -o, --output FILE    write to FILE (atomically) instead of standard output
  -f, --format FORMAT  yaml or json; default: from FILE's extension (.json is JSON), else merge keeps HOST's
                       format, else yaml
      --fragment       build: emit a fragment instead of a complete template
      --out-dir DIR    build: write the template, or the root template and its route stacks, into DIR
      --max-parallel N build --out-dir, plan: route stacks CloudFormation deploys at once (default 1: API
                       Gateway's control plane takes about 10 requests per second)
      --template-url-prefix URL
                       build --out-dir: TemplateURL = URL + file name (default: the file name, for package)

Exit status: 0 done (warnings go to stderr), 1 invalid input or unreadable/unwritable file,
2 usage error, 3 internal error.
`;

interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

type BuildArgs = { command: 'build'; spec: string; output?: string; format?: Format; fragment: boolean } & StackArgs;
type MergeArgs = { command: 'merge'; host: string; spec: string; output?: string; format?: Format };
type PlanArgs = { command: 'plan'; spec: string; format: 'table' | 'json'; maxParallel?: number };
type Args = BuildArgs | MergeArgs | PlanArgs | { command: 'help' } | { command: 'version' };
/** Nested stacks: where to write them, and the build options that shape the root (src/split/stacks.ts). */
type StackArgs = { outDir?: string; maxParallel?: number; templateUrlPrefix?: string };

function parseArgs(argv: readonly string[]): Args | { problem: string } {
  if (argv.length === 0) return { problem: 'no command given' };
  if (argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-V') return { command: 'version' };
  const command = argv[0];
  if (command !== 'build' && command !== 'merge' && command !== 'plan') return { problem: `unknown command ${JSON.stringify(command)}` };
  const files: string[] = [];
  let output: string | undefined;
  let format: Format | 'table' | undefined;
  let fragment = false;
  const stack: StackArgs = {};
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const takeValue = (): string | undefined => (i + 1 < argv.length ? argv[++i] : undefined);
    if (arg === '-o' || arg === '--output') {
      output = takeValue();
      if (output === undefined) return { problem: `${arg} needs a file name` };
    } else if (arg === '-f' || arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.startsWith('--format=') ? arg.slice('--format='.length) : takeValue();
      const allowed = command === 'plan' ? ['table', 'json'] : ['yaml', 'json'];
      if (value === undefined || !allowed.includes(value)) return { problem: `--format takes ${allowed.join(' or ')}, got ${JSON.stringify(value ?? '')}` };
      format = value as Format | 'table';
    } else if (arg === '--fragment' && command === 'build') {
      fragment = true;
    } else if (arg === '--out-dir' && command === 'build') {
      stack.outDir = takeValue();
      if (stack.outDir === undefined) return { problem: '--out-dir needs a directory' };
    } else if (arg === '--template-url-prefix' && command === 'build') {
      stack.templateUrlPrefix = takeValue();
      if (stack.templateUrlPrefix === undefined) return { problem: '--template-url-prefix needs a URL' };
    } else if (arg === '--max-parallel' && command !== 'merge') {
      const value = takeValue();
      if (value === undefined || !/^[1-9][0-9]?$/.test(value)) return { problem: `--max-parallel takes a whole number from 1 to 99, got ${JSON.stringify(value ?? '')}` };
      stack.maxParallel = Number(value);
    } else if (arg.startsWith('-') && arg !== '-') {
      return { problem: `unknown option ${arg} for ${command}` };
    } else {
      files.push(arg);
    }
  }
  if (command === 'plan') {
    if (files.length !== 1) return { problem: files.length === 0 ? 'plan needs a spec file' : `plan takes one spec file, got ${files.length}` };
    if (output !== undefined) return { problem: 'plan writes nothing; it prints the plan on standard output' };
    return { command, spec: files[0], format: format === 'json' ? 'json' : 'table', ...(stack.maxParallel !== undefined && { maxParallel: stack.maxParallel }) };
  }
  if (format === 'table') return { problem: '--format takes yaml or json' };
  if (command === 'build') {
    if (files.length !== 1) return { problem: files.length === 0 ? 'build needs a spec file' : `build takes one spec file, got ${files.length}` };
    if (stack.outDir === undefined && (stack.maxParallel !== undefined || stack.templateUrlPrefix !== undefined)) {
      return { problem: '--max-parallel and --template-url-prefix shape nested stacks: use them with --out-dir' };
    }
    if (stack.outDir !== undefined && (output !== undefined || fragment)) return { problem: `--out-dir writes a directory of templates; it does not go with ${output !== undefined ? '-o' : '--fragment'}` };
    return { command, spec: files[0], output, format, fragment, ...stack };
  }
  if (files.length !== 2) return { problem: `merge takes a host template and a spec file, got ${files.length} file${files.length === 1 ? '' : 's'}` };
  if (files[0] === '-' && files[1] === '-') return { problem: 'only one of HOST and SPEC can come from stdin' };
  return { command, host: files[0], spec: files[1], output, format };
}

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Writes `text` to `file` through a temporary file in the same directory and a rename. */
export function writeAtomically(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (e) {
    fs.rmSync(temporary, { force: true });
    throw e;
  }
}

function fileProblem(e: unknown, action: string, file: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? 'no such file or directory'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a directory'
    : (e as Error).message;
  return `apigw-cfn: cannot ${action} ${file}: ${reason}\n`;
}

/** Reads a file (or stdin for `-`), or says why it cannot. */
function readInput(file: string, io: Io): string | undefined {
  try {
    return file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (e) {
    io.stderr(fileProblem(e, 'read', file));
    return undefined;
  }
}

const sourceName = (file: string) => (file === '-' ? 'stdin' : file);
const jsonByName = (file: string | undefined) => file !== undefined && /\.json$/i.test(file);

/** Prints the result of a build or merge: errors, or warnings and the text (to stdout or atomically to a file). */
function finish(result: Either<BuildError[], Rendered>, failure: string, output: string | undefined, io: Io): number {
  if (result._tag === 'Left') {
    const count = result.left.length;
    io.stderr(`apigw-cfn: ${failure} (${count} error${count === 1 ? '' : 's'}):\n`);
    for (const error of result.left) io.stderr(`  ${formatProblem(error)}\n`);
    return EXIT.invalid;
  }
  for (const warning of result.right.warnings) io.stderr(`warning: ${formatProblem(warning)}\n`);
  if (result.right.expected !== undefined) {
    io.stderr(`the fragment expects the host template to define: ${result.right.expected.join(', ')}\n`);
  }
  if (output === undefined) {
    io.stdout(result.right.text);
    return EXIT.ok;
  }
  try {
    writeAtomically(output, result.right.text);
  } catch (e) {
    io.stderr(fileProblem(e, 'write', output));
    return EXIT.invalid;
  }
  return EXIT.ok;
}

function runBuild(args: BuildArgs, io: Io): number {
  const specText = readInput(args.spec, io);
  if (specText === undefined) return EXIT.invalid;
  if (args.outDir !== undefined) return runBuildStacks({ ...args, outDir: args.outDir }, specText, io);
  const format: Format = args.format ?? (jsonByName(args.output) ? 'json' : 'yaml');
  const result = buildSpecText(specText, sourceName(args.spec), format, { kind: args.fragment ? 'fragment' : 'template' });
  return finish(result, `${args.spec} is invalid`, args.output, io);
}

/** Writes each template into `dir` (atomically, one by one) and removes route stacks a previous build left there. */
function writeStacks(dir: string, files: ReadonlyArray<{ file: string; text: string }>): void {
  fs.mkdirSync(dir, { recursive: true });
  const written = new Set(files.map((f) => f.file));
  for (const stale of fs.readdirSync(dir).filter((name) => /^route-stack-[0-9]+\.(yaml|json)$/.test(name) && !written.has(name))) {
    fs.rmSync(path.join(dir, stale));
  }
  for (const { file, text } of files) writeAtomically(path.join(dir, file), text);
}

function runBuildStacks(args: BuildArgs & { outDir: string }, specText: string, io: Io): number {
  const format: Format = args.format ?? 'yaml';
  const options: StackOptions = {
    ...(args.maxParallel !== undefined && { maxParallel: args.maxParallel }),
    ...(args.templateUrlPrefix !== undefined && { templateUrlPrefix: args.templateUrlPrefix }),
  };
  const result = buildStacksText(specText, sourceName(args.spec), format, options);
  if (result._tag === 'Left') return finish(result, `${args.spec} is invalid`, undefined, io);
  for (const warning of result.right.warnings) io.stderr(`warning: ${formatProblem(warning)}\n`);
  try {
    writeStacks(args.outDir, result.right.files);
  } catch (e) {
    io.stderr(fileProblem(e, 'write', args.outDir));
    return EXIT.invalid;
  }
  const nested = result.right.files.length - 1;
  io.stderr(
    `wrote ${path.join(args.outDir, result.right.files[0].file)}` +
      (nested > 0 ? ` and ${nested} route stack${nested === 1 ? '' : 's'} beside it; deploy them with aws cloudformation package, then deploy\n` : '\n'),
  );
  return EXIT.ok;
}

function runPlan(args: PlanArgs, io: Io): number {
  const specText = readInput(args.spec, io);
  if (specText === undefined) return EXIT.invalid;
  const result = planSpecText(specText, sourceName(args.spec), 'yaml', args.maxParallel !== undefined ? { maxParallel: args.maxParallel } : {});
  if (result._tag === 'Left') return finish(result, `${args.spec} is invalid`, undefined, io);
  io.stdout(args.format === 'json' ? `${JSON.stringify(result.right, null, 2)}\n` : formatPlan(result.right, sourceName(args.spec), 'yaml'));
  return result.right.problems.length > 0 ? EXIT.invalid : EXIT.ok;
}

function runMerge(args: MergeArgs, io: Io): number {
  const hostText = readInput(args.host, io);
  const specText = hostText === undefined ? undefined : readInput(args.spec, io);
  if (hostText === undefined || specText === undefined) return EXIT.invalid;
  // The host's format, unless the output file or --format says otherwise.
  const hostIsJson = jsonByName(args.host) || /^\s*\{/.test(hostText);
  const format: Format = args.format ?? (args.output !== undefined ? (jsonByName(args.output) ? 'json' : 'yaml') : hostIsJson ? 'json' : 'yaml');
  const result = mergeSpecText(hostText, sourceName(args.host), specText, sourceName(args.spec), format);
  return finish(result, `cannot merge ${args.spec} into ${args.host}`, args.output, io);
}

export function main(argv: readonly string[], io: Io = processIo): number {
  try {
    const args = parseArgs(argv);
    if ('problem' in args) {
      io.stderr(`apigw-cfn: ${args.problem}\n\n${USAGE}`);
      return EXIT.usage;
    }
    switch (args.command) {
      case 'help':
        io.stdout(USAGE);
        return EXIT.ok;
      case 'version':
        io.stdout(`${version()}\n`);
        return EXIT.ok;
      case 'build':
        return runBuild(args, io);
      case 'merge':
        return runMerge(args, io);
      case 'plan':
        return runPlan(args, io);
    }
  } catch (e) {
    io.stderr(`apigw-cfn: internal error: ${(e as Error).message}\nThis is a bug in apigw-cfn; please report it with the spec that caused it.\n`);
    return EXIT.internal;
  }
}
