/**
 * The command line: a thin shell around the pipeline. It reads files, runs `buildSpecText`, prints problems and
 * writes output atomically (a temporary file renamed into place, so a failed build never leaves a partial file).
 *
 * Exit status: 0 built (warnings on stderr), 1 the spec is invalid or a file cannot be read or written,
 * 2 usage error, 3 internal error (a bug: please report it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSpecText } from '../build';
import { Format } from '../output/render';
import { formatProblem } from '../errors';

export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

const USAGE = `Usage:
  apigw-cfn build SPEC [-o FILE] [--format yaml|json]
  apigw-cfn --help | --version

Builds an API Gateway v2 CloudFormation template from SPEC (YAML or JSON).

Options:
  -o, --output FILE    write the template to FILE (atomically) instead of standard output
  -f, --format FORMAT  yaml or json; default: from FILE's extension (.json is JSON), else yaml

Exit status: 0 built (warnings go to stderr), 1 invalid spec or unreadable/unwritable file,
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

type BuildArgs = { command: 'build'; spec: string; output?: string; format?: Format };
type Args = BuildArgs | { command: 'help' } | { command: 'version' };

function parseArgs(argv: readonly string[]): Args | { problem: string } {
  if (argv.length === 0) return { problem: 'no command given' };
  if (argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-V') return { command: 'version' };
  if (argv[0] !== 'build') return { problem: `unknown command ${JSON.stringify(argv[0])}` };
  const args: { spec?: string; output?: string; format?: Format } = {};
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const takeValue = (): string | undefined => (i + 1 < argv.length ? argv[++i] : undefined);
    if (arg === '-o' || arg === '--output') {
      const value = takeValue();
      if (value === undefined) return { problem: `${arg} needs a file name` };
      args.output = value;
    } else if (arg === '-f' || arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.startsWith('--format=') ? arg.slice('--format='.length) : takeValue();
      if (value !== 'yaml' && value !== 'json') return { problem: `--format takes yaml or json, got ${JSON.stringify(value ?? '')}` };
      args.format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { problem: `unknown option ${arg}` };
    } else if (args.spec === undefined) {
      args.spec = arg;
    } else {
      return { problem: `unexpected argument ${JSON.stringify(arg)}: build takes one spec file` };
    }
  }
  if (args.spec === undefined) return { problem: 'build needs a spec file' };
  return { command: 'build', spec: args.spec, output: args.output, format: args.format };
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

function runBuild(args: BuildArgs, io: Io): number {
  let specText: string;
  try {
    specText = args.spec === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(args.spec, 'utf8');
  } catch (e) {
    io.stderr(fileProblem(e, 'read', args.spec));
    return EXIT.invalid;
  }
  const format: Format = args.format ?? (args.output !== undefined && /\.json$/i.test(args.output) ? 'json' : 'yaml');
  const result = buildSpecText(specText, args.spec === '-' ? 'stdin' : args.spec, format);
  if (result._tag === 'Left') {
    const count = result.left.length;
    io.stderr(`apigw-cfn: ${args.spec} is invalid (${count} error${count === 1 ? '' : 's'}):\n`);
    for (const error of result.left) io.stderr(`  ${formatProblem(error)}\n`);
    return EXIT.invalid;
  }
  for (const warning of result.right.warnings) io.stderr(`warning: ${formatProblem(warning)}\n`);
  if (args.output === undefined) {
    io.stdout(result.right.text);
    return EXIT.ok;
  }
  try {
    writeAtomically(args.output, result.right.text);
  } catch (e) {
    io.stderr(fileProblem(e, 'write', args.output));
    return EXIT.invalid;
  }
  return EXIT.ok;
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
    }
  } catch (e) {
    io.stderr(`apigw-cfn: internal error: ${(e as Error).message}\nThis is a bug in apigw-cfn; please report it with the spec that caused it.\n`);
    return EXIT.internal;
  }
}
