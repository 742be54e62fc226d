/**
 * Benchmark: generated specs (bench/generate.ts) through the whole pipeline, YAML spec text to the text of every
 * template (`buildStacksText`: parse, decode, build, combine, split into nested stacks when one template cannot hold
 * the API, render), and the command line as a user runs it. Every figure that matters is a ratio taken in one run,
 * since these machines are shared and noisy:
 *
 * - whole process: `apigw-cfn build` of 100 routes (one template) and of 1,000 routes (`--out-dir`, a root and route
 *   stacks) against an empty `node -e ''`, the runs interleaved, both without Node's start-up variables (CLEAN_ENV);
 * - in process: the build against the floor, building the same templates as plain objects (a copy of the output
 *   data, every object allocated anew) and `JSON.stringify`-ing them;
 * - peak memory of the command line building 2,000 routes;
 * - each stage at 250, 500, 1,000 and 2,000 routes, and how much it grows per doubling (2.0 is linear).
 *
 * Each size runs in its own child process (`--size N`), so one size's heap never inflates another's peak.
 *
 *   npm run bench                          the tables, then one JSON line; then the hostile-input budget (hostile.ts)
 *   node dist/bench/bench.js --json        the JSON lines only (sizes, then hostile input)
 *   node dist/bench/bench.js --sizes 250,1000 --format json
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildFragments } from '../src/build';
import { decodeSpec } from '../src/spec/spec';
import { parseYaml } from '../src/yaml/cfnYaml';
import { mergeFragments } from '../src/template/combine';
import { Format, render } from '../src/output/render';
import { formatProblem } from '../src/errors';
import { Template } from '../src/template/types';
import { placementOf } from '../src/split/options';
import { splitTemplate } from '../src/split/split';
import { buildStacksText } from '../src/split/stacks';
import { checkApiQuotas } from '../src/api/quotas';
import { generateSpec } from './generate';
import { CLEAN_ENV, REMOVED_ENV } from './environment';
import { runHostileBench } from './hostile';

const DEFAULT_SIZES = [250, 500, 1_000, 2_000];
/** Timed runs after the warm-up: fewer for larger sizes, so the whole benchmark takes about a minute. */
const runsFor = (routes: number): number => (routes >= 2_000 ? 7 : routes >= 1_000 ? 9 : 15);
/** The floor is fast enough to be near the timer's resolution on small templates: take more samples. */
const BASELINE_RUNS = 15;
/** Whole-process runs of each command, interleaved with the empty process. */
const PROCESS_RUNS = 15;
/** The goals of issue 10, printed beside the measured ratios. */
const GOALS = { process100: 1.5, process1000: 3, inProcess1000: 3, peakMiB2000: 150 } as const;

interface Stages {
  readonly parseMs: number;
  readonly decodeMs: number;
  readonly fragmentsMs: number;
  readonly mergeMs: number;
  /** Split into a root and route stacks (zero work when one template holds the API). */
  readonly splitMs: number;
  /** Every template rendered. */
  readonly renderMs: number;
}

interface SizeResult {
  readonly routes: number;
  readonly functions: number;
  readonly specBytes: number;
  readonly format: Format;
  readonly outcome: 'built' | 'rejected';
  /** The first error of a rejected build, as the CLI prints it. */
  readonly firstError?: string;
  /** Templates written: 1, or a root and its route stacks. */
  readonly templates: number;
  /** Resources of all templates together. */
  readonly resources: number;
  /** Bytes of all template text. */
  readonly outputBytes: number;
  readonly runs: number;
  /** The first build of the child: the JIT cold, modules already loaded (what one CLI run pays). */
  readonly coldMs: number;
  /** Median of `runs` timed builds, after the warm-up. */
  readonly timeMs: number;
  readonly timesMs: readonly number[];
  /** maxRSS of this child through its first (cold) build, Node itself included. */
  readonly peakRssMiB: number;
  /** The floor: a copy of the templates' data as plain objects, then JSON.stringify of each (median). */
  readonly floorMs: number;
  /** timeMs / floorMs */
  readonly ratio: number;
  /** Each stage timed on its own (median of `runs`), on the previous stage's output. */
  readonly stages: Stages;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Warm-up: at least one run and at least this long. One run alone leaves small sizes mostly unoptimized by the JIT
 * (times 3 to 6 times slower than steady state); the cold first build is reported on its own.
 */
const WARMUP_MS = 300;

/** Warms `f` up, then runs it `runs` timed times; returns the times in ms and the last result. */
function timed<T>(runs: number, f: () => T): { times: number[]; result: T } {
  const warmupStart = performance.now();
  let result = f();
  while (performance.now() - warmupStart < WARMUP_MS) result = f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = f();
    times.push(performance.now() - start);
  }
  return { times, result };
}

function must<T>(e: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: T }, what: string): T {
  if (e._tag === 'Left') throw new Error(`bench: ${what} failed: ${JSON.stringify(e.left)}`);
  return e.right;
}

/** A deep copy of JSON data: every object and array allocated anew, as any builder of these templates must. */
function copy(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(copy);
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(x)) out[key] = copy((x as Record<string, unknown>)[key]);
    return out;
  }
  return x;
}

/** Child mode: measures one size and prints its SizeResult as one JSON line. */
function measure(routes: number, format: Format): SizeResult {
  const spec = generateSpec(routes);
  const source = `bench-${routes}.yaml`;
  const runs = runsFor(routes);

  // The cold build first, so maxRSS is the peak of one build (plus Node and the spec text), not of many.
  const coldStart = performance.now();
  const first = buildStacksText(spec.text, source, format);
  const coldMs = performance.now() - coldStart;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;

  const { times, result } = timed(runs, () => buildStacksText(spec.text, source, format));
  if (first._tag !== result._tag) throw new Error('bench: the cold and the timed builds disagree');

  // The stages one by one, each on the output of the one before.
  const parse = timed(runs, () => must(parseYaml(spec.text, source), 'parse'));
  const decode = timed(runs, () => must(decodeSpec(parse.result), 'decode'));
  const fragments = timed(runs, () => buildFragments(decode.result));
  const merge = timed(runs, () => {
    const merged = must(mergeFragments(fragments.result, { description: decode.result.description, checkCounts: false }), 'combine');
    checkApiQuotas(merged.template);
    return merged.template;
  });
  const placement = placementOf(decode.result.stacks);
  const needsSplit = result._tag === 'Right' && result.right.files.length > 1;
  const split = timed(runs, (): Template[] => {
    if (!needsSplit) return [merge.result];
    const s = must(splitTemplate(merge.result, { count: placement.count, format }), 'split');
    return [s.root, ...s.nested.map((n) => n.template)];
  });
  const rendered = timed(runs, () => split.result.map((t) => render(t, format)));

  const floor = timed(BASELINE_RUNS, () => (copy(split.result) as Template[]).map((t) => JSON.stringify(t)));
  const floorMs = median(floor.times);
  const timeMs = median(times);
  const files = result._tag === 'Right' ? result.right.files : [];
  return {
    routes: spec.routes,
    functions: spec.functions,
    specBytes: Buffer.byteLength(spec.text),
    format,
    outcome: result._tag === 'Right' ? 'built' : 'rejected',
    ...(result._tag === 'Left' && { firstError: formatProblem(result.left[0]) }),
    templates: split.result.length,
    resources: split.result.reduce((sum, t) => sum + Object.keys(t.Resources).length, 0),
    outputBytes: files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0),
    runs,
    coldMs,
    timeMs,
    timesMs: times,
    peakRssMiB,
    floorMs,
    ratio: timeMs / floorMs,
    stages: {
      parseMs: median(parse.times),
      decodeMs: median(decode.times),
      fragmentsMs: median(fragments.times),
      mergeMs: median(merge.times),
      splitMs: median(split.times),
      renderMs: median(rendered.times),
    },
  };
}

const BIN = path.join(__dirname, '..', '..', 'bin', 'apigw-cfn.js');

interface ProcessResult {
  readonly routes: number;
  readonly command: string;
  readonly runs: number;
  /** Median wall time of the CLI run, and of `node -e ''` in the same interleaved series. */
  readonly cliMs: number;
  readonly emptyMs: number;
  readonly ratio: number;
  /** Whether Node's start-up variables were removed (CLEAN_ENV), or the runs had this environment as it is. */
  readonly cleanEnv: boolean;
}

/** Wall time of one child process, in ms. */
function wall(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  const elapsed = performance.now() - start;
  if (run.status !== 0) throw new Error(`bench: ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return elapsed;
}

/** The CLI building `routes` routes as a user runs it, against an empty Node process, interleaved run by run. */
function wholeProcess(routes: number, dir: string, cleanEnv: boolean): ProcessResult {
  const env = cleanEnv ? CLEAN_ENV : process.env;
  const spec = path.join(dir, `bench-${routes}.yaml`);
  if (routes > 0) fs.writeFileSync(spec, generateSpec(routes).text);
  const nested = routes > 150;
  // No routes: `--version`, the cost of loading the CLI alone, which every command pays.
  const args =
    routes === 0 ? ['--version']
    : nested ? ['build', spec, '--out-dir', path.join(dir, `out-${routes}`)]
    : ['build', spec, '-o', path.join(dir, `out-${routes}.yaml`)];
  wall([BIN, ...args], env); // once, so the OS has the files cached for both series alike
  wall(['-e', ''], env);
  const cli: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < PROCESS_RUNS; i++) {
    empty.push(wall(['-e', ''], env));
    cli.push(wall([BIN, ...args], env));
  }
  const cliMs = median(cli);
  const emptyMs = median(empty);
  const command = routes === 0 ? 'apigw-cfn --version' : `apigw-cfn ${args[0]} SPEC ${nested ? '--out-dir DIR' : '-o FILE'}`;
  return { routes, command, runs: PROCESS_RUNS, cliMs, emptyMs, ratio: cliMs / emptyMs, cleanEnv };
}

/** Child mode `--cli-memory N`: the CLI's own main, in this process, building N routes; prints its peak RSS. */
function cliPeakRssMiB(routes: number, dir: string): number {
  const spec = path.join(dir, `memory-${routes}.yaml`);
  fs.writeFileSync(spec, generateSpec(routes).text);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../src/cli/main') as typeof import('../src/cli/main');
  const status = main(['build', spec, '--out-dir', path.join(dir, `memory-${routes}`)], { stdout: () => undefined, stderr: () => undefined });
  if (status !== 0) throw new Error(`bench: the CLI exited ${status} building ${routes} routes`);
  return process.resourceUsage().maxRSS / 1024;
}

function runChild(args: readonly string[]): unknown {
  const child = spawnSync(process.execPath, [__filename, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.error !== undefined) throw child.error;
  if (child.status !== 0) throw new Error(`bench child ${args.join(' ')} exited ${child.status}:\n${child.stderr}`);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last);
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const times = (x: number): string => `${x.toFixed(x >= 10 ? 0 : 1)}x`;
const goal = (value: number, limit: number): string => (value <= limit ? 'met' : 'NOT met');

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

interface Report {
  readonly processes: readonly ProcessResult[];
  readonly cliPeakRssMiB: number;
  readonly memoryRoutes: number;
  readonly results: readonly SizeResult[];
}

/** Each stage's growth per doubling of the routes, between consecutive sizes that double (2.0 is linear). */
function growth(results: readonly SizeResult[], pick: (r: SizeResult) => number): string {
  const factors: string[] = [];
  for (let i = 1; i < results.length; i++) {
    const doublings = Math.log2(results[i].routes / results[i - 1].routes);
    if (doublings <= 0) continue;
    factors.push(((pick(results[i]) / pick(results[i - 1])) ** (1 / doublings)).toFixed(1));
  }
  return factors.join(' ');
}

function report(r: Report, format: Format): string {
  const out: string[] = [];
  out.push(
    `apigw-cfn benchmark: YAML spec text -> ${format.toUpperCase()} templates (one, or a root and route stacks)`,
    `node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os.loadavg()[0].toFixed(1)}`,
    '',
    'Ratios, each taken in this run:',
  );
  const p100 = r.processes.find((p) => p.routes === 100 && p.cleanEnv);
  const p1000 = r.processes.find((p) => p.routes === 1000 && p.cleanEnv);
  const s1000 = r.results.find((s) => s.routes === 1000);
  const loading = r.processes.find((p) => p.routes === 0);
  // The CLI's time against the empty process's, and how much the CLI adds to it.
  const against = (p: ProcessResult) => `${ms(p.cliMs)} ms / ${ms(p.emptyMs)} ms (node -e ''), ${ms(p.cliMs - p.emptyMs)} ms more`;
  const rows: string[][] = [];
  if (p100) rows.push(['100 routes, whole process', against(p100), times(p100.ratio), `<= ${GOALS.process100}x`, goal(p100.ratio, GOALS.process100)]);
  if (p1000) rows.push(['1,000 routes split, whole process', against(p1000), times(p1000.ratio), `<= ${GOALS.process1000}x`, goal(p1000.ratio, GOALS.process1000)]);
  if (loading) rows.push(['loading alone (apigw-cfn --version)', against(loading), times(loading.ratio), '', '']);
  for (const p of r.processes.filter((x) => !x.cleanEnv)) {
    const label = `${p.routes.toLocaleString('en-US')} routes, with ${REMOVED_ENV.join(', ')}`;
    rows.push([label, against(p), times(p.ratio), '(as set here)', '']);
  }
  if (s1000) rows.push(['1,000 routes split, in process', `${ms(s1000.timeMs)} ms / ${ms(s1000.floorMs)} ms (floor)`, times(s1000.ratio), `<= ${GOALS.inProcess1000}x`, goal(s1000.ratio, GOALS.inProcess1000)]);
  rows.push([`${r.memoryRoutes.toLocaleString('en-US')} routes, CLI peak memory`, `${r.cliPeakRssMiB.toFixed(0)} MiB`, '', `< ${GOALS.peakMiB2000} MiB`, goal(r.cliPeakRssMiB, GOALS.peakMiB2000 - 1e-9)]);
  out.push(table(['measure', 'measured', 'ratio', 'goal', ''], rows, new Set([2])));
  out.push(
    '',
    `whole process: medians of ${PROCESS_RUNS} runs of each, the CLI run and node -e '' taking turns${REMOVED_ENV.length > 0 ? `, without ${REMOVED_ENV.join(' and ')}` : ''}.`,
    ...(REMOVED_ENV.length > 0
      ? [
          `Set in this environment, ${REMOVED_ENV.length === 1 ? 'it makes' : 'they make'} Node do work of its own at start-up: both sides would pay it,`,
          'which flatters a ratio. The "with" rows keep the environment as it is.',
        ]
      : []),
    'floor: a copy of the same templates as plain objects (every object allocated anew) and JSON.stringify of each, the',
    'least any builder of them does.',
    '',
    'In process, per size (each in a fresh child):',
    table(
      ['routes', 'templates', 'resources', 'output', 'cold run', 'time (median)', 'floor', 'ratio', 'peak RSS'],
      r.results.map((s) => [
        s.routes.toLocaleString('en-US'),
        s.outcome === 'built' ? String(s.templates) : `rejected: ${s.firstError}`,
        s.resources.toLocaleString('en-US'),
        `${(s.outputBytes / 1024).toFixed(0)} KiB`,
        `${ms(s.coldMs)} ms`,
        `${ms(s.timeMs)} ms`,
        `${ms(s.floorMs)} ms`,
        times(s.ratio),
        `${s.peakRssMiB.toFixed(0)} MiB`,
      ]),
      new Set([0, 1, 2, 3, 4, 5, 6, 7, 8]),
    ),
    '',
    'Stages, each timed on its own (median), on the output of the stage before; last column: growth per doubling (2.0 = linear):',
    table(
      ['stage', ...r.results.map((s) => s.routes.toLocaleString('en-US')), 'growth'],
      (
        [
          ['parse YAML', (s) => s.stages.parseMs],
          ['decode', (s) => s.stages.decodeMs],
          ['build fragments', (s) => s.stages.fragmentsMs],
          ['combine', (s) => s.stages.mergeMs],
          ['split', (s) => s.stages.splitMs],
          [`render ${format.toUpperCase()}`, (s) => s.stages.renderMs],
          ['whole build', (s) => s.timeMs],
        ] as Array<[string, (s: SizeResult) => number]>
      ).map(([name, pick]) => [name, ...r.results.map((s) => `${ms(pick(s))} ms`), growth(r.results, pick)]),
      new Set(r.results.map((_, i) => i + 1)),
    ),
  );
  return out.join('\n');
}

function main(argv: readonly string[]): void {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const formatArg = flag('--format') ?? 'yaml';
  if (formatArg !== 'yaml' && formatArg !== 'json') throw new Error(`--format takes yaml or json, got ${formatArg}`);
  const format: Format = formatArg;

  const size = flag('--size');
  if (size !== undefined) {
    process.stdout.write(`${JSON.stringify(measure(Number(size), format))}\n`);
    return;
  }
  const memory = flag('--cli-memory');
  if (memory !== undefined) {
    process.stdout.write(`${JSON.stringify({ peakRssMiB: cliPeakRssMiB(Number(memory), flag('--dir')!) })}\n`);
    return;
  }

  const sizes = (flag('--sizes') ?? DEFAULT_SIZES.join(',')).split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes whole numbers >= 1, got ${flag('--sizes')}`);
  const jsonOnly = argv.includes('--json');
  const say = (text: string) => (jsonOnly ? undefined : process.stderr.write(text));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-bench-'));
  try {
    say('whole process: 100 and 1,000 routes against node -e \'\'...\n');
    // Judged without Node's start-up variables; where this environment sets them, also as it is, for comparison.
    const processes = [
      ...[100, 1_000].flatMap((n) => [wholeProcess(n, dir, true), ...(REMOVED_ENV.length > 0 ? [wholeProcess(n, dir, false)] : [])]),
      wholeProcess(0, dir, true),
    ];
    const memoryRoutes = 2_000;
    say(`peak memory of the CLI building ${memoryRoutes} routes...\n`);
    const cliPeak = (runChild(['--cli-memory', String(memoryRoutes), '--dir', dir]) as { peakRssMiB: number }).peakRssMiB;
    const results: SizeResult[] = [];
    for (const n of sizes) {
      say(`measuring ${n} routes...\n`);
      results.push(runChild(['--size', String(n), '--format', format]) as SizeResult);
    }
    const r: Report = { processes, cliPeakRssMiB: cliPeak, memoryRoutes, results };
    if (!jsonOnly) process.stdout.write(`${report(r, format)}\n\n`);
    process.stdout.write(`${JSON.stringify({ bench: 'apigw-cfn', node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg()[0], format, goals: GOALS, processEnvRemoved: REMOVED_ENV, ...r })}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // Hostile input: the worst inputs are refused within the budget (bench/hostile.ts); a miss fails the run.
  if (!jsonOnly) process.stdout.write('\n');
  const hostile = runHostileBench({ json: jsonOnly });
  if (hostile.some((o) => !o.refused || !o.withinBudget)) process.exitCode = 1;
}

if (require.main === module) main(process.argv.slice(2));
