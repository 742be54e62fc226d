/**
 * The budget for hostile input (issue 12): the worst inputs are refused within 1 s and 200 MiB, each in its own
 * process, the command line run as a user runs it (`apigw-cfn build FILE`), so Node's start-up, module loading and
 * reading the file are in the count. The processes run without Node's start-up variables (./environment.ts), as the
 * size benchmark's do: a certificate bundle named there would charge Node's own start-up work to the CLI.
 *
 *   node dist/bench/hostile.js            the table; exit status 1 when an input is not refused as it should be,
 *                                          or costs more than the budget
 *   node dist/bench/hostile.js --json     one JSON line
 *
 * `npm run bench` runs it after the size benchmark. Each input is generated into a temporary directory first (not
 * timed); time is the best of three runs (these machines are shared and noisy), memory the largest peak of the three.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateSpec } from './generate';
import { CLEAN_ENV } from './environment';
import { main } from '../src/cli/main';

export const BUDGET = { ms: 1000, rssMiB: 200 } as const;

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:books';
const MIB = 1024 * 1024;

interface HostileInput {
  readonly name: string;
  /** What it is, for the table. */
  readonly what: string;
  /** The spec text (or bytes). */
  readonly text: () => string;
  /** The start of the error the CLI must print (after `apigw-cfn: FILE is invalid (1 error):`). */
  readonly refusal: RegExp;
}

const route = (extra: string) => `api:\n  name: books\nroutes:\n  GET /books:\n    integration:\n      type: lambda\n      function: ${FUNCTION}\n${extra}`;

export const HOSTILE_INPUTS: readonly HostileInput[] = [
  {
    name: 'alias-bomb',
    what: 'nine levels of nine aliases in a !Join (9^9 values expanded)',
    text: () => {
      let anchors = 'x-words:\n  - &w0 [a, b, c, d, e, f, g, h, i]\n';
      for (let i = 1; i <= 9; i++) anchors += `  - &w${i} [${Array(9).fill(`*w${i - 1}`).join(', ')}]\n`;
      return `${anchors}${route('      description: !Join [" ", *w9]\n')}`;
    },
    refusal: /line \d+, column \d+: the alias \*w\d \(anchored at line \d+\) repeats/,
  },
  {
    name: 'deep-nesting',
    what: '2,000 levels of nested lists',
    text: () => route(`      description: !Join ["", ${'['.repeat(2000)}${']'.repeat(2000)}]\n`),
    refusal: /line 8, column \d+: nested more than 100 levels deep/,
  },
  {
    name: 'deep-mappings',
    what: '2,000 levels of nested block mappings',
    text: () => route(`      description:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(8 + i)}k${i}:\n`).join('')}`),
    refusal: /nested more than 100 levels deep/,
  },
  {
    name: 'routes-200k',
    what: '200,000 routes (34 MB)',
    text: () => generateSpec(200_000).text,
    refusal: /larger than 16 MiB \(16,777,216 bytes\), the most apigw-cfn reads/,
  },
  {
    name: 'routes-20k',
    what: '20,000 routes (3.4 MB): counted before building',
    text: () => generateSpec(20_000).text,
    refusal: /^routes: 20,000 routes need at least 20,003 resources .*CloudFormation creates at most 2,500 in one operation/,
  },
  {
    name: 'values-250k',
    what: 'a list of 260,000 numbers',
    text: () => route(`      description: !Join [",", [${Array(260_000).fill('1').join(',\n')}]]\n`),
    refusal: /more than 250,000 values/,
  },
  {
    name: 'description-50mb',
    what: 'a 50 MB description',
    text: () => `api:\n  name: books\n  description: ${'x'.repeat(50 * MIB)}\n${route('').replace('api:\n  name: books\n', '')}`,
    refusal: /larger than 16 MiB .*; line 3 alone holds 16,777,\d+ bytes or more \(at "description: xxx/,
  },
  {
    name: 'description-5mb',
    what: 'a 5 MB description',
    text: () => `api:\n  name: books\n  description: ${'x'.repeat(5 * MIB)}\n${route('').replace('api:\n  name: books\n', '')}`,
    refusal: /^api\.description: is 5,242,880 bytes, more than a whole CloudFormation template may hold/,
  },
];

interface Outcome {
  readonly name: string;
  readonly what: string;
  readonly inputBytes: number;
  readonly status: number | null;
  readonly error: string;
  /** CPU time of the whole process (start-up and module loading included), least of three runs. */
  readonly cpuMs: number;
  /** Wall time of the whole process, spawn to exit, least of three runs (inflated when the machine is busy). */
  readonly wallMs: number;
  /** Wall time inside the CLI (reading, parsing, checking), least of three runs. */
  readonly cliMs: number;
  /** maxRSS of the process, largest of three runs. */
  readonly rssMiB: number;
  readonly refused: boolean;
  readonly withinBudget: boolean;
}

interface ChildReport {
  readonly status: number;
  readonly stderr: string;
  readonly rssMiB: number;
  readonly cpuMs: number;
  readonly cliMs: number;
}

function runChild(args: readonly string[]): { report: ChildReport; wallMs: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [__filename, ...args], { encoding: 'utf8', maxBuffer: 16 * MIB, env: CLEAN_ENV });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`hostile bench child ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
  return { report: JSON.parse(result.stdout.trim()) as ChildReport, wallMs };
}

/** Three runs: the least times, the largest memory, the last report. */
function threeRuns(args: readonly string[]): { report: ChildReport; cpuMs: number; wallMs: number; cliMs: number; rssMiB: number } {
  const runs = [0, 1, 2].map(() => runChild(args));
  return {
    report: runs[2].report,
    cpuMs: Math.min(...runs.map((r) => r.report.cpuMs)),
    wallMs: Math.min(...runs.map((r) => r.wallMs)),
    cliMs: Math.min(...runs.map((r) => r.report.cliMs)),
    rssMiB: Math.max(...runs.map((r) => r.report.rssMiB)),
  };
}

/** Child mode: runs the CLI on FILE in this process and prints its status, first error line and maxRSS. */
function child(file: string): void {
  let stderr = '';
  const started = performance.now();
  const status = main(['build', file, '-o', os.devNull], { stdout: () => undefined, stderr: (t) => void (stderr += t) });
  const cliMs = performance.now() - started;
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(`${JSON.stringify({ status, stderr, rssMiB: usage.maxRSS / 1024, cpuMs, cliMs })}\n`);
}

/** Child mode: `--version`, for what any run costs. */
function childIdle(): void {
  const started = performance.now();
  main(['--version'], { stdout: () => undefined, stderr: () => undefined });
  const cliMs = performance.now() - started;
  const usage = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ status: 0, stderr: '', rssMiB: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, cliMs })}\n`);
}

function measure(input: HostileInput, dir: string): Outcome {
  const file = path.join(dir, `${input.name}.yaml`);
  fs.writeFileSync(file, input.text());
  const inputBytes = fs.statSync(file).size;
  const { report, cpuMs, wallMs, cliMs, rssMiB } = threeRuns(['--child', file]);
  fs.rmSync(file);
  // The first error line, without the file name it starts with.
  const error = report.stderr.split('\n')[1]?.trim() ?? report.stderr.trim();
  const message = error.startsWith(file) ? error.slice(file.length + 2) : error;
  const refused = report.status === 1 && input.refusal.test(message);
  return {
    name: input.name,
    what: input.what,
    inputBytes,
    status: report.status,
    error: message,
    cpuMs,
    wallMs,
    cliMs,
    rssMiB,
    refused,
    withinBudget: cpuMs <= BUDGET.ms && rssMiB <= BUDGET.rssMiB,
  };
}

export function runHostileBench(options: { json: boolean }): Outcome[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-hostile-'));
  try {
    // What any run of the CLI costs: Node, our modules, `--version`.
    const idle = threeRuns(['--child-idle']);
    const outcomes = HOSTILE_INPUTS.map((input) => {
      if (!options.json) process.stderr.write(`hostile input: ${input.name}...\n`);
      return measure(input, dir);
    });
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ bench: 'apigw-cfn hostile input', budget: BUDGET, idle: { cpuMs: idle.cpuMs, wallMs: idle.wallMs, rssMiB: idle.rssMiB }, outcomes })}\n`,
      );
      return outcomes;
    }
    const header = ['input', 'size', 'exit', 'CPU', 'wall', 'in CLI', 'peak RSS', 'verdict'];
    const rows = outcomes.map((o) => [
      o.name,
      o.inputBytes >= MIB ? `${(o.inputBytes / MIB).toFixed(1)} MiB` : `${(o.inputBytes / 1024).toFixed(1)} KiB`,
      String(o.status),
      `${o.cpuMs.toFixed(0)} ms`,
      `${o.wallMs.toFixed(0)} ms`,
      `${o.cliMs.toFixed(0)} ms`,
      `${o.rssMiB.toFixed(0)} MiB`,
      o.refused && o.withinBudget ? 'ok' : o.refused ? 'OVER BUDGET' : 'NOT REFUSED AS EXPECTED',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 || i === 7 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
    process.stdout.write(
      [
        `Hostile input: each refused (exit status 1) within ${BUDGET.ms} ms of CPU and ${BUDGET.rssMiB} MiB, the whole CLI process`,
        `(start-up included), least time and largest memory of 3 runs. A run of --version alone: ${idle.cpuMs.toFixed(0)} ms CPU, ` +
          `${idle.wallMs.toFixed(0)} ms wall, ${idle.rssMiB.toFixed(0)} MiB.`,
        '',
        line(header),
        line(widths.map((w) => '-'.repeat(w))),
        ...rows.map(line),
        '',
        ...outcomes.map((o) => `${o.name}: ${o.what}\n  ${o.error}`),
        '',
      ].join('\n'),
    );
    return outcomes;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    child(argv[1]);
  } else if (argv[0] === '--child-idle') {
    childIdle();
  } else {
    const outcomes = runHostileBench({ json: argv.includes('--json') });
    if (outcomes.some((o) => !o.refused || !o.withinBudget)) process.exitCode = 1;
  }
}
