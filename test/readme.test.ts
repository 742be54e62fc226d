/**
 * Every code block of README.md is exercised, as the marker before it says (test/helpers/readme.ts):
 * - `spec`: a whole spec, built (`as a fragment` when its references name a host's resources, or `merged into HOST`);
 * - `part of FILE`: a part of a spec, put where FILE says `# README`, then built the same way;
 * - `file NAME`: a file that the commands after it read;
 * - `commands`: each `npx apigw-cfn ...` runs in a copy of the examples and must succeed; `prints FILE` and
 *   `OUT is FILE` compare what they print and write with the committed files; every other command must be named,
 *   with the reason, under `not run:`;
 * - `transcript`: `$ npx apigw-cfn ...` lines run, and print exactly the lines after them; `<!-- apigw-cfn ARGS -->`
 *   (test/review.test.ts's marker): the block is exactly what it prints;
 * - `excerpt of FILE` (or of `apigw-cfn help`): its lines appear there, in order;
 * - `editor settings`: the custom tags an editor needs are exactly the short forms apigw-cfn reads;
 * - `typescript`: compiled and run against the packed package by test/consumer.test.ts;
 * - `not run (why)`: said so, with the reason.
 * Templates the spec blocks build are linted by cfn-lint, in one run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Either } from 'fp-ts/Either';
import { Rendered, buildSpecText, mergeSpecText } from '../src/build';
import { BuildError, formatProblem } from '../src/errors';
import { parseYaml } from '../src/yaml/cfnYaml';
import { INTRINSIC_NAMES } from '../src/value';
import { ROOT } from './helpers/paths';
import { runCli } from './helpers/cli';
import { cfnLint } from './helpers/cfnLint';
import { ReadmeBlock, readmeBlocks } from './helpers/readme';

const blocks = readmeBlocks();
const KINDS = ['spec', 'part of', 'file', 'commands', 'transcript', 'output of', 'excerpt of', 'editor settings', 'typescript', 'not run'];
const kindOf = (block: ReadmeBlock) => KINDS.find((k) => block.marker!.kind === k || block.marker!.kind.startsWith(`${k} `))!;
const argumentOf = (block: ReadmeBlock, kind: string) => block.marker!.kind.slice(kind.length).trim();

/** A copy of examples/ and fixtures/ (and the files README blocks write), where the README's commands run and write. */
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-readme-'));
for (const dir of ['examples', 'fixtures']) fs.cpSync(path.join(ROOT, dir), path.join(workspace, dir), { recursive: true });

/** Runs `apigw-cfn ARGS` (in process) with the workspace directory `cwd` as the current directory. */
function apigwCfn(commandLine: string, cwd: string) {
  assert.not.match(commandLine, /["'`$\\|<>*]/, `README command with shell syntax the test does not interpret: ${commandLine}`);
  const args = commandLine.replace(/^(?:npx )?apigw-cfn\s+/, '').split(/\s+/).filter((a) => a !== '');
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return runCli(args);
  } finally {
    process.chdir(before);
  }
}

const lintTargets: string[] = [];

function build(block: ReadmeBlock, specText: string): void {
  const source = `README.md:${block.line}`;
  const clauses = block.marker!.clauses;
  const host = clauses.find((c) => c.startsWith('merged into '))?.slice('merged into '.length);
  const fragment = clauses.includes('as a fragment');
  for (const clause of clauses) assert.ok(clause === 'as a fragment' || clause.startsWith('merged into '), `${source}: unknown clause "${clause}"`);
  const result: Either<BuildError[], Rendered> =
    host !== undefined
      ? mergeSpecText(fs.readFileSync(path.join(ROOT, host), 'utf8'), host, specText, source)
      : buildSpecText(specText, source, 'yaml', { kind: fragment ? 'fragment' : 'template' });
  if (result._tag === 'Left') assert.unreachable(`${source} does not build:\n${result.left.map(formatProblem).join('\n')}\n---\n${specText}`);
  else if (!fragment) {
    const file = path.join(workspace, `readme-${block.line}.yaml`);
    fs.writeFileSync(file, result.right.text);
    lintTargets.push(file);
  }
}

test('every code block of the README says how it is tested', () => {
  assert.ok(blocks.length > 20, `only ${blocks.length} blocks found`);
  const unmarked = blocks.filter((b) => b.marker === undefined || !KINDS.some((k) => b.marker!.kind === k || b.marker!.kind.startsWith(`${k} `)));
  assert.equal(
    unmarked.map((b) => `README.md:${b.line}`),
    [],
    'blocks without a <!-- test: ... --> marker of a known kind on the line before them (see test/helpers/readme.ts)',
  );
});

for (const block of blocks) {
  if (block.marker === undefined) continue;
  const kind = kindOf(block);
  if (kind === undefined) continue;
  const where = `README.md:${block.line}`;
  test(`${where}: ${block.marker.kind}`, () => {
    switch (kind) {
      case 'spec':
        return build(block, block.text);
      case 'part of': {
        const file = argumentOf(block, kind);
        const base = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
        const at = base.findIndex((l) => /^\s*# README$/.test(l));
        assert.ok(at >= 0, `${file} has no "# README" line to put the block at`);
        const indent = base[at].slice(0, base[at].indexOf('#'));
        const part = block.text.trimEnd().split('\n').map((l) => (l === '' ? l : indent + l));
        return build(block, [...base.slice(0, at), ...part, ...base.slice(at + 1)].join('\n'));
      }
      case 'file':
        return fs.writeFileSync(path.join(workspace, argumentOf(block, kind)), block.text);
      case 'commands':
        return runCommands(block);
      case 'transcript':
        return runTranscript(block);
      case 'output of': {
        const run = apigwCfn(argumentOf(block, kind), workspace);
        return assert.fixture(run.stdout, block.text, `${where}: what ${argumentOf(block, kind)} prints`);
      }
            case 'excerpt of': {
        const source = argumentOf(block, kind);
        const text = source === 'apigw-cfn help' ? runCli(['help']).stdout : fs.readFileSync(path.join(ROOT, source), 'utf8');
        const lines = text.split('\n');
        let from = 0;
        for (const line of block.text.split('\n').filter((l) => l.trim() !== '')) {
          const found = lines.findIndex((l, i) => i >= from && l.includes(line.trim()));
          assert.ok(found >= 0, `${where}: "${line}" is not in ${source} (after line ${from})`);
          from = found + 1;
        }
        return;
      }
      case 'editor settings':
        return checkEditorSettings(block);
      case 'typescript':
        // Compiled with strict settings against the packed package, and run, by test/consumer.test.ts.
        return assert.is(block.lang, 'ts');
      case 'not run':
        return assert.match(block.marker!.kind, /^not run \(.+\)$/, `${where}: say why it is not run: <!-- test: not run (why) -->`);
    }
  });
}

/** Each `npx apigw-cfn` segment runs; `cd DIR` moves within the workspace; anything else must be listed as not run. */
function runCommands(block: ReadmeBlock): void {
  const where = `README.md:${block.line}`;
  const notRun: string[] = [];
  const prints: string[] = [];
  const same: Array<[string, string]> = [];
  for (const clause of block.marker!.clauses) {
    const listed = /^not run: (.+) \((.+)\)$/.exec(clause);
    const is = /^(\S+) is (\S+)$/.exec(clause);
    if (listed !== null) notRun.push(...listed[1].split(',').map((c) => c.trim()));
    else if (clause.startsWith('prints ')) prints.push(clause.slice('prints '.length));
    else if (is !== null) same.push([is[1], is[2]]);
    else assert.unreachable(`${where}: unknown clause "${clause}"`);
  }
  let cwd = workspace;
  let printed = '';
  for (const line of block.text.split('\n')) {
    const command = line.replace(/\s+#.*$/, '').trim();
    for (const segment of command === '' ? [] : command.split('&&').map((s) => s.trim())) {
      if (segment.startsWith('npx apigw-cfn ')) {
        const run = apigwCfn(segment, cwd);
        assert.is(run.status, 0, `${where}: ${segment} failed:\n${run.stderr}`);
        printed += run.stdout;
        const output = /\s-o\s+(\S+)/.exec(segment)?.[1];
        if (output !== undefined) assert.ok(trackedOrIgnored(path.relative(workspace, path.join(cwd, output))), `${where}: ${output} is neither in the repository nor in .gitignore`);
      } else if (segment.startsWith('cd ')) {
        cwd = path.join(cwd, segment.slice(3));
      } else {
        assert.ok(notRun.some((c) => segment.startsWith(c)), `${where}: "${segment}" is neither run nor listed under not run:`);
      }
    }
  }
  if (prints.length > 0) assert.fixture(printed, prints.map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')).join(''), `${where}: what it prints`);
  for (const [written, committed] of same) {
    assert.fixture(fs.readFileSync(path.join(workspace, written), 'utf8'), fs.readFileSync(path.join(ROOT, committed), 'utf8'), `${where}: ${written}`);
  }
}

/** Whether a file a README command writes in a checkout is committed (a golden) or ignored by git. */
function trackedOrIgnored(file: string): boolean {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).status === 0;
  return git('ls-files', '--error-unmatch', '--', file) || git('check-ignore', '-q', '--', file);
}

/** `$ npx apigw-cfn ...` lines, each followed by exactly what it prints (standard output, then standard error). */
function runTranscript(block: ReadmeBlock): void {
  const where = `README.md:${block.line}`;
  const lines = block.text.trimEnd().split('\n');
  assert.ok(lines[0].startsWith('$ '), `${where}: a transcript starts with a $ line`);
  for (let i = 0; i < lines.length; ) {
    const command = lines[i].slice(2);
    const expected: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('$ '); i++) expected.push(lines[i]);
    const run = apigwCfn(command, workspace);
    assert.fixture(run.stdout + run.stderr, expected.map((l) => `${l}\n`).join(''), `${where}: what ${command} prints`);
  }
}

/** The `yaml.customTags` an editor needs: every short form apigw-cfn reads, each in a node kind it reads it in. */
function checkEditorSettings(block: ReadmeBlock): void {
  const settings = JSON.parse(block.text) as { 'yaml.customTags': string[] };
  const tags = settings['yaml.customTags'];
  const node = { scalar: ' X', sequence: ' [a, b]', mapping: ' {a: b}' } as const;
  for (const entry of tags) {
    const [tag, kind = 'scalar'] = entry.split(' ');
    assert.ok(kind in node, `${entry}: the kind is scalar, sequence or mapping`);
    assert.is(parseYaml(`a: ${tag}${node[kind as keyof typeof node]}\n`, 'settings')._tag, 'Right', `${entry} is not a form apigw-cfn reads`);
  }
  const read = INTRINSIC_NAMES.map((name) => `!${name.replace(/^Fn::/, '')}`).filter((tag) => parseYaml(`a: ${tag} X\n`, 'tags')._tag === 'Right');
  assert.equal([...new Set(tags.map((t) => t.split(' ')[0]))].sort(), read.sort(), 'the tags apigw-cfn reads, each named at least once');
}

test('the README commands write nothing that differs from the committed files, and their templates pass cfn-lint', () => {
  const compare = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(workspace, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) compare(relative);
      else assert.fixture(fs.readFileSync(path.join(workspace, relative), 'utf8'), fs.readFileSync(path.join(ROOT, relative), 'utf8'), relative);
    }
  };
  compare('examples');
  compare('fixtures');
  assert.ok(lintTargets.length > 0, 'no README spec built a complete template');
  assert.equal(cfnLint(lintTargets).findings, [], 'cfn-lint findings');
  fs.rmSync(workspace, { recursive: true, force: true });
});

test.run();
