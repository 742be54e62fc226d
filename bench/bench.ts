/**
 * Benchmark: generated specs of 100, 1,000 and 10,000 Lambda routes through the whole pipeline, from YAML text to
 * template text (`buildSpecText`: parse, decode, build, combine, render, size check).
 *
 * Per size it prints the time of the first (cold) build, the median time of several runs after a warm-up, the peak
 * resident memory of a child process that built that size once, the ratio of the median to one bare
 * `JSON.stringify` of the same template, and the time of each stage on its own.
 * Each size runs in its own child process (`--size N`), so one size's heap never inflates another's peak.
 *
 * Sizes past CloudFormation's 500-resource limit are rejected by the combinator; they are still measured: the time is
 * the time to the rejection, and the JSON.stringify baseline uses the template assembled from the same fragments
 * without any check (the table says so).
 *
 *   npm run bench                          the table, then one JSON line; then the hostile-input budget (hostile.ts)
 *   node dist/bench/bench.js --json        the JSON lines only (sizes, then hostile input)
 *   node dist/bench/bench.js --sizes 100,1000 --format json
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildFragments, buildSpecText } from '../src/build';
import { decodeSpec } from '../src/spec/spec';
import { parseYaml } from '../src/yaml/cfnYaml';
import { mergeFragments } from '../src/template/combine';
import { Format, render } from '../src/output/render';
import { formatProblem } from '../src/errors';
import { Fragment, Template } from '../src/template/types';
import { generateSpec } from './generate';
import { runHostileBench } from './hostile';

const DEFAULT_SIZES = [100, 1_000, 10_000];
/** Timed runs after the warm-up: fewer for larger sizes, so the whole benchmark takes well under a minute. */
const runsFor = (routes: number): number => (routes >= 10_000 ? 5 : routes >= 1_000 ? 9 : 21);
/** JSON.stringify is fast enough to be near the timer's resolution on small templates: take more samples. */
const BASELINE_RUNS = 11;

interface Stages {
  readonly parseMs: number;
  readonly decodeMs: number;
  readonly fragmentsMs: number;
  readonly mergeMs: number;
  /** On the built template, or, when the build is rejected, on the unchecked assembly. */
  readonly renderMs: number;
}

interface SizeResult {
  readonly routes: number;
  readonly functions: number;
  readonly specBytes: number;
  readonly format: Format;
  readonly outcome: 'built' | 'rejected';
  /** The first error of a rejected build, as the CLI prints it, and how many errors there were. */
  readonly firstError?: string;
  readonly errorCount?: number;
  /** Resources of the built template, or of the unchecked assembly when rejected. */
  readonly resources: number;
  /** Bytes of the template text (built only). */
  readonly outputBytes?: number;
  readonly runs: number;
  /** The first buildSpecText of the child: the JIT cold, modules already loaded (what one CLI run pays). */
  readonly coldMs: number;
  /** Median of `runs` timed runs of buildSpecText, after the warm-up. */
  readonly timeMs: number;
  readonly timesMs: readonly number[];
  /** maxRSS of this child through its first (cold) build, Node itself included. */
  readonly peakRssMiB: number;
  /**
   * Rejected sizes only: maxRSS of another child that ran every stage once on the unchecked assembly, rendering
   * included (what a build of this size will need once templates can be split).
   */
  readonly uncheckedPeakRssMiB?: number;
  readonly baseline: {
    /** 'built template': the template the build returned; 'unchecked assembly': fragments merged without checks. */
    readonly of: 'built template' | 'unchecked assembly';
    readonly ms: number;
    readonly bytes: number;
  };
  /** timeMs / baseline.ms */
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
 * (100 routes then times 3 to 6 times slower than steady state); the cold first build is reported on its own.
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

/**
 * The template the fragments make, without the combinator's checks (conflicts, references, limits): the first
 * definition of each logical ID wins, sections sorted as the combinator sorts them. Only for the baseline and the
 * render stage of rejected sizes; the generated specs have no conflicts, so nothing is lost.
 */
function assembleUnchecked(fragments: readonly Fragment[], description: string | undefined): Template {
  const section = <T>(pick: (f: Fragment) => Readonly<Record<string, T>> | undefined): Record<string, T> => {
    const all: Record<string, T> = {};
    for (const f of fragments) for (const [id, v] of Object.entries(pick(f) ?? {})) if (!(id in all)) all[id] = v;
    return all;
  };
  const sortedSection = <T>(entries: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.keys(entries).sort().map((id) => [id, entries[id]]));
  const parameters = section((f) => f.parameters);
  const outputs = section((f) => f.outputs);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    ...(description !== undefined && { Description: description }),
    ...(Object.keys(parameters).length > 0 && { Parameters: parameters }),
    Resources: sortedSection(section((f) => f.resources)),
    ...(Object.keys(outputs).length > 0 && { Outputs: sortedSection(outputs) }),
  };
}

/** Child mode: measures one size and prints its SizeResult as one JSON line. */
function measure(routes: number, format: Format): SizeResult {
  const spec = generateSpec(routes);
  const source = `bench-${routes}.yaml`;
  const runs = runsFor(routes);

  // The cold build first, so maxRSS is the peak of one build (plus Node and the spec text), not of many.
  const coldStart = performance.now();
  const first = buildSpecText(spec.text, source, format);
  const coldMs = performance.now() - coldStart;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;

  const { times, result } = timed(runs, () => buildSpecText(spec.text, source, format));

  // The stages one by one, each on the output of the one before.
  const parse = timed(runs, () => must(parseYaml(spec.text, source), 'parse'));
  const decode = timed(runs, () => must(decodeSpec(parse.result), 'decode'));
  const fragments = timed(runs, () => buildFragments(decode.result));
  const merge = timed(runs, () => mergeFragments(fragments.result, { description: decode.result.description }));
  const template = merge.result._tag === 'Right' ? merge.result.right.template : assembleUnchecked(fragments.result, decode.result.description);
  const rendered = timed(runs, () => render(template, format));

  const baseline = timed(BASELINE_RUNS, () => JSON.stringify(template));
  const baselineMs = median(baseline.times);
  const timeMs = median(times);
  if (first._tag !== result._tag) throw new Error('bench: the cold and the timed builds disagree');

  return {
    routes: spec.routes,
    functions: spec.functions,
    specBytes: Buffer.byteLength(spec.text),
    format,
    outcome: result._tag === 'Right' ? 'built' : 'rejected',
    ...(result._tag === 'Left' && { firstError: formatProblem(result.left[0]), errorCount: result.left.length }),
    resources: Object.keys(template.Resources).length,
    ...(result._tag === 'Right' && { outputBytes: Buffer.byteLength(result.right.text) }),
    runs,
    coldMs,
    timeMs,
    timesMs: times,
    peakRssMiB,
    baseline: {
      of: merge.result._tag === 'Right' ? 'built template' : 'unchecked assembly',
      ms: baselineMs,
      bytes: Buffer.byteLength(baseline.result),
    },
    ratio: timeMs / baselineMs,
    stages: {
      parseMs: median(parse.times),
      decodeMs: median(decode.times),
      fragmentsMs: median(fragments.times),
      mergeMs: median(merge.times),
      renderMs: median(rendered.times),
    },
  };
}

/** Child mode `--size N --unchecked-memory`: every stage once, past the limit check, for the peak memory. */
function uncheckedPeakRssMiB(routes: number, format: Format): number {
  const spec = generateSpec(routes);
  const decoded = must(decodeSpec(must(parseYaml(spec.text, `bench-${routes}.yaml`), 'parse')), 'decode');
  const text = render(assembleUnchecked(buildFragments(decoded), decoded.description), format);
  if (text.length === 0) throw new Error('bench: empty render');
  return process.resourceUsage().maxRSS / 1024;
}

/** Child mode `--size 0`: loads the modules and nothing else, for Node's own share of the peak memory. */
function idleRssMiB(): number {
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

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function report(results: readonly SizeResult[], idleMiB: number, format: Format): string {
  const out: string[] = [];
  out.push(
    `apigw-cfn benchmark: buildSpecText, YAML spec text -> ${format.toUpperCase()} template text`,
    `node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}; one child process per size`,
    '',
  );
  const notes: string[] = [];
  const rows = results.map((r) => {
    const mark = r.outcome === 'rejected' ? ` [${notes.length + 1}]` : '';
    if (r.outcome === 'rejected') {
      notes.push(
        `[${notes.length + 1}] ${r.routes} routes rejected: ${r.firstError}` +
          `${(r.errorCount ?? 1) > 1 ? ` (+${(r.errorCount ?? 1) - 1} more)` : ''}. ` +
          `Time is to the rejection (no rendering); JSON.stringify ran on the ${r.resources} resources assembled ` +
          'from the same fragments without the combinator\'s checks. Peak RSS of a child that also rendered those ' +
          `resources (every stage once, no checks): ${r.uncheckedPeakRssMiB?.toFixed(0) ?? '?'} MiB.`,
      );
    }
    return [
      r.routes.toLocaleString('en-US'),
      String(r.functions),
      r.outcome + mark,
      r.resources.toLocaleString('en-US'),
      r.outputBytes !== undefined ? `${(r.outputBytes / 1024).toFixed(0)} KiB` : '-',
      `${ms(r.coldMs)} ms`,
      `${ms(r.timeMs)} ms`,
      `${r.peakRssMiB.toFixed(0)} MiB`,
      `${ms(r.baseline.ms)} ms`,
      `${r.ratio.toFixed(0)}x`,
    ];
  });
  out.push(
    table(
      ['routes', 'functions', 'result', 'resources', 'output', 'cold run', 'time (median)', 'peak RSS', 'JSON.stringify', 'ratio'],
      rows,
      new Set([0, 1, 3, 4, 5, 6, 7, 8, 9]),
    ),
  );
  out.push(
    '',
    'cold run: the first build in a fresh child (JIT cold: what one CLI run pays, Node start-up and module loading excluded).',
    `time: median of ${results.map((r) => `${r.runs}`).join('/')} runs after a warm-up (one run, and at least ${WARMUP_MS} ms); ` +
      `JSON.stringify: median of ${BASELINE_RUNS}, same warm-up, no indentation; ratio = time / JSON.stringify.`,
    `peak RSS: maxRSS of the child through one cold build; an idle child (Node + our modules) peaks at ${idleMiB.toFixed(0)} MiB.`,
    ...notes,
    '',
    'Stages, each timed on its own (median), on the output of the stage before:',
    table(
      ['routes', 'parse YAML', 'decode', 'build fragments', 'combine', `render ${format.toUpperCase()}`],
      results.map((r) => [
        r.routes.toLocaleString('en-US'),
        `${ms(r.stages.parseMs)} ms`,
        `${ms(r.stages.decodeMs)} ms`,
        `${ms(r.stages.fragmentsMs)} ms`,
        `${ms(r.stages.mergeMs)} ms`,
        `${ms(r.stages.renderMs)} ms${r.outcome === 'rejected' ? ' *' : ''}`,
      ]),
      new Set([0, 1, 2, 3, 4, 5]),
    ),
  );
  if (results.some((r) => r.outcome === 'rejected')) {
    out.push('* rendered from the unchecked assembly: what rendering will cost once large templates can be split.');
  }
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
    const n = Number(size);
    const result =
      n === 0
        ? { idleRssMiB: idleRssMiB() }
        : argv.includes('--unchecked-memory')
          ? { uncheckedPeakRssMiB: uncheckedPeakRssMiB(n, format) }
          : measure(n, format);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }

  const sizes = (flag('--sizes') ?? DEFAULT_SIZES.join(',')).split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes whole numbers >= 1, got ${flag('--sizes')}`);
  const jsonOnly = argv.includes('--json');
  const idle = (runChild(['--size', '0']) as { idleRssMiB: number }).idleRssMiB;
  const results: SizeResult[] = [];
  for (const n of sizes) {
    if (!jsonOnly) process.stderr.write(`measuring ${n} routes...\n`);
    const result = runChild(['--size', String(n), '--format', format]) as SizeResult;
    if (result.outcome === 'rejected') {
      const unchecked = runChild(['--size', String(n), '--format', format, '--unchecked-memory']) as { uncheckedPeakRssMiB: number };
      results.push({ ...result, uncheckedPeakRssMiB: unchecked.uncheckedPeakRssMiB });
    } else {
      results.push(result);
    }
  }
  if (!jsonOnly) process.stdout.write(`${report(results, idle, format)}\n\n`);
  process.stdout.write(
    `${JSON.stringify({ bench: 'apigw-cfn', node: process.version, cpus: os.cpus().length, format, idleRssMiB: idle, results })}\n`,
  );
  // Hostile input: the worst inputs are refused within the budget (bench/hostile.ts); a miss fails the run.
  if (!jsonOnly) process.stdout.write('\n');
  const hostile = runHostileBench({ json: jsonOnly });
  if (hostile.some((o) => !o.refused || !o.withinBudget)) process.exitCode = 1;
}

if (require.main === module) main(process.argv.slice(2));
