/**
 * The command line: a thin shell around the pipeline. It reads files, runs `buildSpecText`, prints problems and
 * writes output safely (src/cli/files.ts).
 *
 * Commands and their options are a table (COMMANDS): the parser, the usage lines and the help text all come from
 * it, so a command is one entry. Every option takes `--name VALUE` and `--name=VALUE` (and `-x VALUE`, `-xVALUE`
 * where it has a short name); `--` ends the options; `-` as a file is standard input, or, after `-o`, standard
 * output.
 *
 * Exit status: 0 done (warnings on stderr), 1 the input is invalid or a file cannot be read or written,
 * 2 usage error, 3 internal error (a bug: please report it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { Rendered, buildSpecText, mergeSpecText } from '../build';
import { Format } from '../output/render';
import { BuildError, formatProblem } from '../errors';
import { closest } from '../spec/codec';
import { INPUT_LIMITS } from '../yaml/limits';
import { decodeText } from '../yaml/text';
import { failedFile, fileProblem, namesStandardOutput, readBounded, sameFile, writeAllAtomically, writeAtomically, writeFully } from './files';
import type { StackOptions } from '../split/stacks';
import type { ReviewIo } from './review';
import type { RoutesFormat } from '../review/routesFormat';
import type { DiffFormat } from '../review/diffFormat';
import { formatNotice } from '../notices';

export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Standard output failed: the message to print (none when the reader has gone), and exit status 1. */
class OutputFailure extends Error {}

/**
 * Output and warnings go straight to file descriptors 1 and 2, written whole (src/cli/files.ts, writeFully).
 * process.stdout and process.stderr would set up Node's stream machinery on first use (6 to 8 ms of a short run), and
 * report a failed write later, as an uncaught error with a stack trace. Written here, a failure of standard output
 * ends the run with exit status 1: quietly when the reader has gone (EPIPE: `| head`), with the reason otherwise (a
 * full disk). A failure of standard error drops what is left to say there, since nothing can report it. On Windows
 * the streams serve: a console there takes text through their conversion, not raw UTF-8 bytes.
 */
function descriptorWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string) => void {
  if (process.platform === 'win32') return (text) => void stream().write(text);
  let failed = false;
  return (text) => {
    if (failed) return;
    try {
      writeFully(fd, text);
    } catch (e) {
      failed = true;
      if (fd === 2) return;
      throw new OutputFailure((e as NodeJS.ErrnoException).code === 'EPIPE' ? '' : fileProblem(e, 'write', 'standard output'));
    }
  };
}

const processIo: Io = {
  stdout: descriptorWriter(1, () => process.stdout),
  stderr: descriptorWriter(2, () => process.stderr),
};

// ---------------------------------------------------------------------------------------------------------------
// The table of commands and options

/** An option of a command. */
export interface OptionSpec {
  /** The long name, without dashes: `output` for `--output`. Also the key of its value in `Call.options`. */
  readonly name: string;
  /** A one-letter short name: `o` for `-o`. */
  readonly short?: string;
  /** What the value is called in help (`FILE`); absent for a flag, which takes no value. */
  readonly value?: string;
  /** The values it takes, when they are a fixed set. */
  readonly choices?: readonly string[];
  readonly help: string;
}

/** What a command is run with: its operands (files) and its options (a flag is `true`). */
export interface Call {
  readonly operands: readonly string[];
  readonly options: Readonly<Record<string, string | true | undefined>>;
}

export interface CommandSpec {
  readonly name: string;
  /** Operand names in help, in order; `[NAME]` is optional. */
  readonly operands: readonly string[];
  readonly summary: string;
  /** More lines for `apigw-cfn help COMMAND`. */
  readonly details?: string;
  readonly options: readonly OptionSpec[];
  /** A usage rule across operands and options, checked after parsing: the problem, or undefined. */
  readonly check?: (call: Call) => string | undefined;
  readonly run: (call: Call, io: Io) => number;
  /** The exit statuses, when they are not the usual ones (EXIT_TEXT): a sentence that names the command. */
  readonly exit?: string;
  /** The exit status when standard output cannot be written, when not EXIT.invalid. */
  readonly outputFailure?: number;
}

const OUTPUT: OptionSpec = {
  name: 'output',
  short: 'o',
  value: 'FILE',
  help: 'write to FILE instead of standard output (- is standard output); missing directories are created, a symbolic link is written through, and a failed run leaves FILE as it was',
};

const FORMAT: OptionSpec = {
  name: 'format',
  short: 'f',
  value: 'FORMAT',
  choices: ['yaml', 'json'],
  help: 'yaml or json; default: from the output file\'s extension (.json is JSON), else yaml (merge: the host\'s format)',
};

const FRAGMENT: OptionSpec = {
  name: 'fragment',
  help: 'emit a fragment (Parameters, Resources, Outputs to paste into a host template) instead of a complete template',
};

/** Nested stacks (src/split/): where to write them, and the two build options that shape the root. */
const OUT_DIR: OptionSpec = {
  name: 'out-dir',
  value: 'DIR',
  help: 'write the template into DIR, and when one template cannot hold the API (or the spec says stacks: {nested: always}), the root template and its route stacks (route-stack-N.yaml), ready for aws cloudformation package',
};

const MAX_PARALLEL: OptionSpec = {
  name: 'max-parallel',
  value: 'N',
  help: 'route stacks CloudFormation creates or updates at once (1 to 99; default 1, since API Gateway\'s control plane takes about 10 requests per second)',
};

const TEMPLATE_URL_PREFIX: OptionSpec = {
  name: 'template-url-prefix',
  value: 'URL',
  help: 'with --out-dir: each route stack\'s TemplateURL is URL followed by its file name (default: the file name, which package uploads)',
};

/** --max-parallel takes a whole number from 1 to 99. */
function maxParallelProblem(call: Call): string | undefined {
  const parallel = call.options['max-parallel'];
  return typeof parallel === 'string' && !/^[1-9][0-9]?$/.test(parallel) ? `--max-parallel takes a whole number from 1 to 99, got ${JSON.stringify(parallel)}` : undefined;
}

/** The rules of --out-dir and its options. */
function stackOptionProblem(call: Call): string | undefined {
  const parallel = maxParallelProblem(call);
  if (parallel !== undefined) return parallel;
  if (call.options['out-dir'] === undefined) {
    if (call.options['template-url-prefix'] !== undefined || call.options['max-parallel'] !== undefined) {
      return '--max-parallel and --template-url-prefix shape nested stacks: use them with --out-dir';
    }
    return undefined;
  }
  if (call.options.output !== undefined) return '--out-dir writes a directory of templates; it does not go with -o';
  if (call.options.fragment !== undefined) return '--out-dir writes complete templates; it does not go with --fragment';
  return undefined;
}

const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'build',
    operands: ['SPEC'],
    summary: 'makes an API Gateway v2 CloudFormation template from SPEC (YAML or JSON; - for stdin)',
    details:
      'With --fragment, only the Parameters, Resources and Outputs to paste into a host template (a SAM template\'s\n' +
      'Resources, a Serverless service\'s resources.Resources); the logical IDs it expects the host to define are\n' +
      'listed on stderr.',
    options: [OUTPUT, FORMAT, FRAGMENT, OUT_DIR, MAX_PARALLEL, TEMPLATE_URL_PREFIX],
    check: (call) => outputProblem(call, [0]) ?? stackOptionProblem(call),
    run: runBuild,
  },
  {
    name: 'merge',
    operands: ['HOST', 'SPEC'],
    summary: 'adds what SPEC builds to the template HOST (YAML or JSON) and prints the result',
    details:
      'HOST is changed only when -o names it. HOST\'s text stays byte for byte as it was, and the output is in its\n' +
      'format; what an earlier merge of SPEC added is replaced, so merge -o HOST can be repeated. An ID that HOST\n' +
      'defines differently is an error.',
    options: [OUTPUT, FORMAT],
    check: (call) =>
      call.operands[0] === '-' && call.operands[1] === '-'
        ? 'only one of HOST and SPEC can come from standard input'
        : // Writing the merge over HOST is how a host is updated in place; over SPEC it would lose the spec.
          outputProblem(call, [1]),
    run: runMerge,
  },
  {
    name: 'plan',
    operands: ['SPEC'],
    summary: 'prints, without writing anything, the stacks SPEC builds into and the room left under every limit and quota',
    details:
      'The stacks (one template, or a root and route stacks), what each holds, resources, parameters, outputs and\n' +
      'bytes against their limits, the resources of the whole deploy against 2,500, API Gateway\'s quotas, and the\n' +
      'statements each Lambda function\'s policy gets. Exit status 1 when no deploy could take the spec as it is.',
    options: [{ ...FORMAT, choices: ['table', 'json'], help: 'table (default) or json' }, MAX_PARALLEL],
    check: maxParallelProblem,
    run: runPlan,
  },
  {
    name: 'schema',
    operands: [],
    summary: 'prints the JSON Schema of a spec, for editors (# yaml-language-server: $schema=FILE in a spec)',
    options: [OUTPUT],
    run: (call, io) => finish(right({ text: schema().specJsonSchemaText(), warnings: [], notices: [] }), 'cannot print the schema', outputFile(call), io),
  },
  {
    name: 'routes',
    operands: ['SPEC'],
    summary: 'prints every route of SPEC with its authorization, integration, backend and permission scope',
    details: 'A table by default; --format mermaid draws the API (routes, integrations, backends) as a Mermaid flowchart,\n--format json prints it for scripts.',
    options: [{ ...FORMAT, choices: ['table', 'mermaid', 'json'], help: 'table (default), mermaid or json' }],
    run: (call, io) => review().runRoutes(call.operands[0], (formatOption(call) ?? 'table') as RoutesFormat, reviewIo(io)),
  },
  {
    name: 'diff',
    operands: ['OLD', 'NEW'],
    summary: 'prints what deploying NEW over OLD adds, removes, changes and replaces (templates, or specs built first)',
    details: 'Each of OLD and NEW is a template, or a spec (a document with api or routes), built as build builds it.',
    exit:
      'diff exits as diff(1) does, for CI: 0 when nothing is replaced and no route moves, 1 when something is replaced\n' +
      'or a route moves, 2 when the files cannot be compared (usage error, unreadable file, invalid input) or the\n' +
      'output cannot be written, 3 on an internal error.\n',
    outputFailure: 2,
    options: [{ ...FORMAT, choices: ['table', 'json'], help: 'table (default) or json' }],
    check: (call) => (call.operands[0] === '-' && call.operands[1] === '-' ? 'only one of OLD and NEW can come from standard input' : undefined),
    run: (call, io) => review().runDiff(call.operands[0], call.operands[1], (formatOption(call) ?? 'table') as DiffFormat, reviewIo(io)),
  },
  {
    name: 'help',
    operands: ['[COMMAND]'],
    summary: 'prints this help, or the help of COMMAND',
    options: [],
    run: (call, io) => {
      const name = call.operands[0];
      if (name === undefined) {
        io.stdout(generalHelp());
        return EXIT.ok;
      }
      const command = COMMANDS.find((c) => c.name === name);
      if (command === undefined) return usageError(unknownCommand(name), io);
      io.stdout(commandHelp(command));
      return EXIT.ok;
    },
  },
];

/** `-o` may not name one of the inputs at `inputs` (the spec): the build would overwrite what it reads. */
function outputProblem(call: Call, inputs: readonly number[]): string | undefined {
  const output = call.options.output;
  if (typeof output !== 'string' || output === '-') return undefined;
  for (const i of inputs) {
    const input = call.operands[i];
    if (input !== undefined && input !== '-' && sameFile(input, output)) {
      return `-o ${output} is the input ${input}: writing there would overwrite it; choose another output file`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

type Parsed = { command: CommandSpec; call: Call } | { version: true } | { problem: string; command?: CommandSpec };

const unknownCommand = (name: string) => {
  const guess = closest(name, COMMANDS.map((c) => c.name));
  return `unknown command ${JSON.stringify(name)}${guess ? ` (did you mean ${guess}?)` : ''}`;
};

function parseArgs(argv: readonly string[]): Parsed {
  if (argv.length === 0) return { problem: 'no command given' };
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v' || first === '-V') return { version: true };
  if (first === '--help' || first === '-h') return { command: COMMANDS.find((c) => c.name === 'help')!, call: { operands: [], options: {} } };
  const command = COMMANDS.find((c) => c.name === first);
  if (command === undefined) return { problem: first.startsWith('-') ? `expected a command before ${first}` : unknownCommand(first) };
  // `build --help` is the help of build, wherever --help stands (before `--`).
  const end = rest.indexOf('--');
  if ((end === -1 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
    return { command: COMMANDS.find((c) => c.name === 'help')!, call: { operands: [command.name], options: {} } };
  }
  const operands: string[] = [];
  const options: Record<string, string | true> = {};
  const fail = (problem: string): Parsed => ({ problem, command });
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      operands.push(...rest.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      operands.push(arg);
      continue;
    }
    // --name, --name=value, -x, -xvalue
    const long = arg.startsWith('--');
    const eq = long ? arg.indexOf('=') : -1;
    const key = long ? arg.slice(2, eq === -1 ? undefined : eq) : arg[1];
    const option = command.options.find((o) => (long ? o.name === key : o.short === key));
    if (option === undefined) {
      const names = command.options.map((o) => o.name);
      const guess = long ? closest(key, names) : undefined;
      return fail(`unknown option ${long ? `--${key}` : `-${key}`} for ${command.name}${guess ? ` (did you mean --${guess}?)` : ''}`);
    }
    const shown = long ? `--${option.name}` : `-${option.short}`;
    if (Object.hasOwn(options, option.name)) return fail(`${shown} is given twice`);
    let value: string | true;
    if (option.value === undefined) {
      if (eq !== -1 || (!long && arg.length > 2)) return fail(`${shown} takes no value`);
      value = true;
    } else if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else if (!long && arg.length > 2) {
      value = arg.slice(2);
    } else if (i + 1 < rest.length) {
      value = rest[++i];
    } else {
      return fail(`${shown} needs ${option.value === 'FILE' ? 'a file name' : `a value (${option.value})`}`);
    }
    if (typeof value === 'string' && option.choices !== undefined && !option.choices.includes(value)) {
      return fail(`${shown} takes ${option.choices.join(' or ')}, got ${JSON.stringify(value)}`);
    }
    if (value === '') return fail(`${shown} needs a non-empty value`);
    options[option.name] = value;
  }
  const required = command.operands.filter((o) => !o.startsWith('['));
  if (operands.length < required.length || operands.length > command.operands.length) {
    const wanted = command.operands.length === required.length ? `${required.length}` : `${required.length} to ${command.operands.length}`;
    const names = command.operands.join(' ');
    return fail(
      operands.length < required.length && operands.length === 0
        ? `${command.name} needs ${names}`
        : `${command.name} takes ${wanted} operand${command.operands.length === 1 ? '' : 's'} (${names}), got ${operands.length}`,
    );
  }
  const empty = operands.findIndex((o) => o === '');
  if (empty >= 0) return fail(`${command.operands[empty].replace(/[[\]]/g, '')} needs a non-empty value (a file name, or - for standard input)`);
  const call = { operands, options };
  const problem = command.check?.(call);
  return problem === undefined ? { command, call } : fail(problem);
}

// ---------------------------------------------------------------------------------------------------------------
// Help

function synopsis(command: CommandSpec): string {
  const options = command.options.map((o) => {
    const flag = o.short !== undefined ? `-${o.short}` : `--${o.name}`;
    const value = o.choices !== undefined ? o.choices.join('|') : o.value;
    return `[${flag}${value !== undefined ? ` ${value}` : ''}]`;
  });
  return ['apigw-cfn', command.name, ...command.operands, ...options].join(' ');
}

function optionLines(options: readonly OptionSpec[]): string {
  const heads = options.map((o) => `${o.short !== undefined ? `-${o.short}, ` : '    '}--${o.name}${o.value !== undefined ? ` ${o.value}` : ''}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return options.map((o, i) => `  ${heads[i].padEnd(width)}${wrap(o.help, 2 + width)}\n`).join('');
}

/** Text wrapped at 100 columns, continuation lines indented by `indent`. */
function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

const EXIT_TEXT = `Exit status: 0 done (warnings go to stderr), 1 invalid input or unreadable/unwritable file (plan: or
no deploy could take it), 2 usage error, 3 internal error.
`;

function generalHelp(): string {
  // An option that commands define differently (--format) says what it takes for each.
  const options = [...new Set(COMMANDS.flatMap((c) => c.options.map((o) => o.name)))].map((name) => {
    const uses = COMMANDS.flatMap((c) => c.options.filter((o) => o.name === name).map((o) => ({ command: c.name, option: o })));
    const helps = [...new Set(uses.map((u) => u.option.help))];
    if (helps.length === 1) return uses[0].option;
    const help = helps.map((h) => `${uses.filter((u) => u.option.help === h).map((u) => u.command).join(', ')}: ${h}`).join('; ');
    return { ...uses[0].option, help };
  });
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage:\n',
    ...COMMANDS.filter((c) => c.name !== 'help').map((c) => `  ${synopsis(c)}\n`),
    '  apigw-cfn help [COMMAND] | --help | --version\n\n',
    ...COMMANDS.map((c) => `${c.name.padEnd(width)}${c.summary}\n`),
    '\nOptions (--name VALUE or --name=VALUE):\n',
    optionLines(options),
    '\n',
    EXIT_TEXT,
    ...COMMANDS.filter((c) => c.exit !== undefined).map((c) => c.exit),
  ].join('');
}

function commandHelp(command: CommandSpec): string {
  return [
    `Usage: ${synopsis(command)}\n\n`,
    `${command.name} ${command.summary}.\n`,
    command.details !== undefined ? `${command.details}\n` : '',
    command.options.length > 0 ? `\nOptions (--name VALUE or --name=VALUE):\n${optionLines(command.options)}` : '',
    '\n',
    command.exit ?? EXIT_TEXT,
  ].join('');
}

/** One line: what is wrong, and where the help is. */
function usageError(problem: string, io: Io, command?: CommandSpec): number {
  io.stderr(`apigw-cfn: ${problem} (see apigw-cfn ${command !== undefined ? `${command.name} ` : ''}--help)\n`);
  return EXIT.usage;
}

/**
 * The version in our package.json: the nearest one above this file, which runs from dist/src/cli/ (the compiled
 * modules) or from dist/ (the one-file build).
 */
function version(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    let text: string | undefined;
    try {
      text = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
    } catch {
      if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
      continue;
    }
    return (JSON.parse(text) as { version: string }).version;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Running

/** Reads an input (a file, or stdin for `-`) as text, within INPUT_LIMITS, or says why it cannot. */
function readInput(file: string, io: Io): Either<BuildError, string> | undefined {
  let read;
  try {
    read = readBounded(file, INPUT_LIMITS.bytes);
  } catch (e) {
    io.stderr(fileProblem(e, 'read', file));
    return undefined;
  }
  return decodeText(read.bytes, sourceName(file), read.truncated);
}

const sourceName = (file: string) => (file === '-' ? 'stdin' : file);
const jsonByName = (file: string | undefined) => file !== undefined && /\.json$/i.test(file);
const outputFile = (call: Call) => (typeof call.options.output === 'string' && call.options.output !== '-' ? call.options.output : undefined);
const formatOption = (call: Call) => call.options.format as Format | undefined;

/** `apigw-cfn: <failure> (N errors):` and every error, each naming its place. */
function printErrors(failure: string, errors: readonly BuildError[], io: Io): void {
  io.stderr(`apigw-cfn: ${failure} (${errors.length} error${errors.length === 1 ? '' : 's'}):\n`);
  for (const error of errors) io.stderr(`  ${formatProblem(error)}\n`);
}

/** What the review commands need from the shell: the streams, inputs read as build reads them, and error printing. */
function reviewIo(io: Io): ReviewIo {
  return { ...io, read: (file) => readInput(file, io), printErrors: (failure, errors) => printErrors(failure, errors, io) };
}

/** Prints the result of a build or merge: errors, or warnings and the text (to stdout or safely to a file). */
function finish(result: Either<BuildError[], Rendered>, failure: string, output: string | undefined, io: Io): number {
  if (result._tag === 'Left') {
    printErrors(failure, result.left, io);
    return EXIT.invalid;
  }
  for (const warning of result.right.warnings) io.stderr(`warning: ${formatProblem(warning)}\n`);
  for (const notice of result.right.notices) io.stderr(`notice: ${formatNotice(notice)}\n`);
  if (result.right.expected !== undefined) {
    io.stderr(`the fragment expects the host template to define: ${result.right.expected.join(', ')}\n`);
  }
  // -o /dev/stdout is -o -: the same writer, and the same ending when the reader goes away.
  if (output === undefined || namesStandardOutput(output)) {
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

function runBuild(call: Call, io: Io): number {
  const [spec] = call.operands;
  const output = outputFile(call);
  const specText = readInput(spec, io);
  if (specText === undefined) return EXIT.invalid;
  const outDir = call.options['out-dir'];
  if (typeof outDir === 'string') {
    return isLeft(specText) ? finish(left([specText.left]), `${spec} is invalid`, undefined, io) : runBuildStacks(call, spec, outDir, specText.right, io);
  }
  const format: Format = formatOption(call) ?? (jsonByName(output) ? 'json' : 'yaml');
  const result = isLeft(specText)
    ? left([specText.left])
    : buildSpecText(specText.right, sourceName(spec), format, { kind: call.options.fragment === true ? 'fragment' : 'template' });
  return finish(result, `${spec} is invalid`, output, io);
}

/** The build options of nested stacks from the command line. */
function stackOptions(call: Call): StackOptions {
  const parallel = call.options['max-parallel'];
  const prefix = call.options['template-url-prefix'];
  return { ...(typeof parallel === 'string' && { maxParallel: Number(parallel) }), ...(typeof prefix === 'string' && { templateUrlPrefix: prefix }) };
}

/** Lazily: only --out-dir and plan need the nested-stack front door, and a plain build should not load it. */
const stacks = (): typeof import('../split/stacks') => require('../split/stacks') as typeof import('../split/stacks');
/** Lazily, as stacks: the review commands (which read hosts with the yaml package) and the schema. */
const review = (): typeof import('./review') => require('./review') as typeof import('./review');
const schema = (): typeof import('../schema/jsonSchema') => require('../schema/jsonSchema') as typeof import('../schema/jsonSchema');

/**
 * Writes every template into `dir`, all or none (writeAllAtomically), then removes route stacks an earlier build
 * left there: a failed write leaves the directory as the last build left it.
 */
function writeStacks(dir: string, files: ReadonlyArray<{ file: string; text: string }>): void {
  fs.mkdirSync(dir, { recursive: true });
  writeAllAtomically(files.map(({ file, text }) => ({ file: path.join(dir, file), text })));
  const written = new Set(files.map((f) => f.file));
  for (const stale of fs.readdirSync(dir).filter((name) => /^route-stack-[0-9]+\.(yaml|json)$/.test(name) && !written.has(name))) {
    fs.rmSync(path.join(dir, stale));
  }
}

function runBuildStacks(call: Call, spec: string, outDir: string, specText: string, io: Io): number {
  const result = stacks().buildStacksText(specText, sourceName(spec), formatOption(call) ?? 'yaml', stackOptions(call));
  if (result._tag === 'Left') return finish(result, `${spec} is invalid`, undefined, io);
  for (const warning of result.right.warnings) io.stderr(`warning: ${formatProblem(warning)}\n`);
  for (const notice of result.right.notices) io.stderr(`notice: ${formatNotice(notice)}\n`);
  try {
    writeStacks(outDir, result.right.files);
  } catch (e) {
    io.stderr(fileProblem(e, 'write', failedFile(e) ?? outDir));
    return EXIT.invalid;
  }
  const nested = result.right.files.length - 1;
  io.stderr(
    `wrote ${path.join(outDir, result.right.files[0].file)}` +
      (nested > 0 ? ` and ${nested} route stack${nested === 1 ? '' : 's'} beside it; deploy them with aws cloudformation package, then deploy\n` : '\n'),
  );
  return EXIT.ok;
}

function runPlan(call: Call, io: Io): number {
  const [spec] = call.operands;
  const specText = readInput(spec, io);
  if (specText === undefined) return EXIT.invalid;
  if (isLeft(specText)) return finish(left([specText.left]), `${spec} is invalid`, undefined, io);
  const { planSpecText, formatPlan } = stacks();
  const result = planSpecText(specText.right, sourceName(spec), 'yaml', stackOptions(call));
  if (result._tag === 'Left') return finish(result, `${spec} is invalid`, undefined, io);
  io.stdout(call.options.format === 'json' ? `${JSON.stringify(result.right, null, 2)}\n` : formatPlan(result.right, sourceName(spec), 'yaml'));
  return result.right.problems.length > 0 ? EXIT.invalid : EXIT.ok;
}

function runMerge(call: Call, io: Io): number {
  const [host, spec] = call.operands;
  const output = outputFile(call);
  const hostText = readInput(host, io);
  const specText = hostText === undefined ? undefined : readInput(spec, io);
  if (hostText === undefined || specText === undefined) return EXIT.invalid;
  const failure = `cannot merge ${spec} into ${host}`;
  if (isLeft(hostText) || isLeft(specText)) {
    return finish(left([...(isLeft(hostText) ? [hostText.left] : []), ...(isLeft(specText) ? [specText.left] : [])]), failure, undefined, io);
  }
  // Merge keeps the host's text, so it writes the host's format; --format or the output's extension may only agree.
  const byExtension = output === undefined ? undefined : jsonByName(output) ? 'json' : /\.ya?ml$/i.test(output) ? 'yaml' : undefined;
  const result = mergeSpecText(hostText.right, sourceName(host), specText.right, sourceName(spec), formatOption(call) ?? byExtension);
  return finish(result, failure, output, io);
}

export function main(argv: readonly string[], io: Io = processIo): number {
  let command: CommandSpec | undefined;
  try {
    const parsed = parseArgs(argv);
    if ('problem' in parsed) return usageError(parsed.problem, io, parsed.command);
    if ('version' in parsed) {
      io.stdout(`${version()}\n`);
      return EXIT.ok;
    }
    command = parsed.command;
    return command.run(parsed.call, io);
  } catch (e) {
    if (e instanceof OutputFailure) {
      if (e.message !== '') io.stderr(e.message);
      return command?.outputFailure ?? EXIT.invalid;
    }
    io.stderr(`apigw-cfn: internal error: ${(e as Error).message}\nThis is a bug in apigw-cfn; please report it with the spec that caused it.\n`);
    return EXIT.internal;
  }
}
