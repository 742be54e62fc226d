/**
 * Golden fixtures. `fixtures/<case>/spec.(yaml|json)` builds into `template.yaml` (and `template.json` when present),
 * with exactly the warnings in `warnings.txt` (none when it is absent) and the notices in `notices.txt` (the text
 * the CLI prints after `notice: `); `examples/<name>/api.yaml` builds into
 * `examples/<name>/template.yaml`. `fixtures/errors/<case>/spec.*` fails with exactly `errors.txt`, the text the
 * CLI prints. Every golden template passes cfn-lint (one batch run) and our enum check.
 * Regenerate on purpose only: `UPDATE_GOLDEN=1 npm test`, then read the diff.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSpecText, mergeSpecText } from '../src/build';
import { buildStacksText } from '../src/split/stacks';
import { formatProblem } from '../src/errors';
import { formatNotice } from '../src/notices';
import { Format } from '../src/output/render';
import { FIXTURES, ROOT, updateGolden } from './helpers/paths';
import { cfnLint } from './helpers/cfnLint';
import { checkEnums } from './helpers/enums';
import { runCli } from './helpers/cli';
import { unwrap } from './helpers/either';
import { parseYaml } from '../src/yaml/cfnYaml';

interface GoldenCase {
  readonly name: string;
  readonly spec: string;
  readonly goldens: ReadonlyArray<{ file: string; format: Format }>;
  readonly warnings: string;
  /** A merge case: the host template the spec is merged into. */
  readonly host?: string;
  /** A fragment case: where the expected host IDs are kept. */
  readonly expects?: string;
  /** A nested-stacks case: the directory of its templates (root and route stacks), and its plan. */
  readonly stacks?: string;
}

function specFile(dir: string, names: readonly string[]): string | undefined {
  return names.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
}

/** FIXTURE_FILTER=<regex> limits the run to matching case names (for work on a few fixtures). */
const filter = process.env.FIXTURE_FILTER ? new RegExp(process.env.FIXTURE_FILTER) : undefined;

function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  // A case is a merge when it has merged.yaml (host: host.yaml, host.json or template.yaml beside it), a fragment
  // when it has fragment.yaml, and a complete template otherwise (template.yaml, and template.json if present).
  const add = (name: string, dir: string, spec: string | undefined) => {
    if (spec === undefined || (filter !== undefined && !filter.test(name))) return;
    const warnings = path.join(dir, 'warnings.txt');
    const merged = path.join(dir, 'merged.yaml');
    const fragment = path.join(dir, 'fragment.yaml');
    if (fs.existsSync(merged)) {
      const host = specFile(dir, ['host.yaml', 'host.json', 'template.yaml']);
      assert.ok(host, `${dir} has merged.yaml but no host template`);
      cases.push({ name, spec, goldens: [{ file: merged, format: 'yaml' }], warnings, host });
    } else if (fs.existsSync(path.join(dir, 'stacks'))) {
      cases.push({ name, spec, goldens: [], warnings, stacks: path.join(dir, 'stacks') });
    } else if (fs.existsSync(fragment)) {
      cases.push({ name, spec, goldens: [{ file: fragment, format: 'yaml' }], warnings, expects: path.join(dir, 'expects.txt') });
    } else {
      const json = path.join(dir, 'template.json');
      cases.push({
        name,
        spec,
        goldens: [{ file: path.join(dir, 'template.yaml'), format: 'yaml' }, ...(fs.existsSync(json) ? [{ file: json, format: 'json' as const }] : [])],
        warnings,
      });
    }
  };
  for (const name of fs.readdirSync(FIXTURES).sort()) {
    if (name === 'errors') continue;
    const dir = path.join(FIXTURES, name);
    add(name, dir, specFile(dir, ['spec.yaml', 'spec.json']));
  }
  const examples = path.join(ROOT, 'examples');
  for (const name of fs.readdirSync(examples).sort()) {
    const dir = path.join(examples, name);
    add(`examples/${name}`, dir, specFile(dir, ['api.yaml']));
  }
  return cases;
}

function compareOrUpdate(file: string, actual: string, what: string): void {
  if (updateGolden) {
    if (actual === '' && !file.endsWith('errors.txt')) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, actual);
    return;
  }
  const expected = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (!fs.existsSync(file) && actual !== '' ) assert.unreachable(`${what}: ${path.relative(ROOT, file)} is missing; run UPDATE_GOLDEN=1 npm test and review it`);
  assert.fixture(actual, expected, `${what} differs from ${path.relative(ROOT, file)}`);
}

// Error texts name spec files relative to the repository root, as a user running from there sees them.
process.chdir(ROOT);

const lintTargets: string[] = [];

/** Templates of nested-stack cases: a root template finds its route stacks beside it, by file name. */
const stackTargets: string[] = [];

for (const c of goldenCases().filter((c) => c.stacks !== undefined)) {
  test(`golden stacks: ${c.name}`, () => {
    const specText = fs.readFileSync(c.spec, 'utf8');
    const source = path.relative(ROOT, c.spec);
    const first = unwrap(buildStacksText(specText, source, 'yaml'));
    const again = unwrap(buildStacksText(specText, source, 'yaml'));
    assert.equal(again.files, first.files, 'two builds of one spec differ');
    const built = new Set(first.files.map((f) => f.file));
    for (const stale of fs.readdirSync(c.stacks!).filter((f) => !built.has(f))) {
      if (updateGolden) fs.rmSync(path.join(c.stacks!, stale));
      else assert.unreachable(`${path.relative(ROOT, c.stacks!)}/${stale} is not built any more`);
    }
    for (const file of first.files) {
      compareOrUpdate(path.join(c.stacks!, file.file), file.text, `stack ${file.file}`);
      assert.equal(checkEnums(unwrap(parseYaml(file.text, file.file)) as never), [], `enum check of ${file.file}`);
      stackTargets.push(path.join(c.stacks!, file.file));
    }
    compareOrUpdate(c.warnings, first.warnings.map((w) => `${formatProblem(w)}\n`).join(''), 'warnings');
    // The plan of the same spec, as the CLI prints it.
    const plan = runCli(['plan', source]);
    assert.is(plan.status, 0, plan.stderr);
    compareOrUpdate(path.join(path.dirname(c.spec), 'plan.txt'), plan.stdout, 'plan');
  });
}

for (const c of goldenCases().filter((c) => c.stacks === undefined)) {
  test(`golden: ${c.name}`, () => {
    const specText = fs.readFileSync(c.spec, 'utf8');
    const source = path.relative(ROOT, c.spec);
    const build = (format: Format) =>
      c.host !== undefined
        ? mergeSpecText(fs.readFileSync(c.host, 'utf8'), path.relative(ROOT, c.host), specText, source, format)
        : buildSpecText(specText, source, format, { kind: c.expects !== undefined ? 'fragment' : 'template' });
    for (const golden of c.goldens) {
      const first = unwrap(build(golden.format));
      const again = unwrap(build(golden.format));
      assert.is(again.text, first.text, 'two builds of one spec differ');
      compareOrUpdate(golden.file, first.text, `${golden.format} output`);
      const warnings = first.warnings.map((w) => `${formatProblem(w)}\n`).join('');
      compareOrUpdate(c.warnings, warnings, 'warnings');
      compareOrUpdate(path.join(path.dirname(c.warnings), 'notices.txt'), first.notices.map((n) => `${formatNotice(n)}\n`).join(''), 'notices');
      if (c.expects !== undefined) compareOrUpdate(c.expects, (first.expected ?? []).map((id) => `${id}\n`).join(''), 'expected host IDs');
      if (golden.format === 'json') assert.equal(checkEnums(JSON.parse(first.text)), [], 'enum check');
      // A fragment is no template on its own; it is linted inside the merge cases.
      if (c.expects === undefined) lintTargets.push(golden.file);
    }
  });
}

test('golden: every golden template passes our enum check (parsed back from YAML)', async () => {
  const { parseYaml } = await import('../src/yaml/cfnYaml');
  for (const file of lintTargets.filter((f) => f.endsWith('.yaml'))) {
    const parsed = unwrap(parseYaml(fs.readFileSync(file, 'utf8'), file));
    assert.equal(checkEnums(parsed as never), [], path.relative(ROOT, file));
  }
});

test('golden: every golden template passes cfn-lint with zero errors and zero warnings', () => {
  if (filter !== undefined && lintTargets.length + stackTargets.length === 0) return;
  assert.ok(lintTargets.length + stackTargets.length > 0, 'no golden templates found');
  const result = cfnLint([...lintTargets, ...stackTargets]);
  assert.equal(result.findings, [], 'cfn-lint findings');
});

const errorsDir = path.join(FIXTURES, 'errors');
for (const name of fs.existsSync(errorsDir) ? fs.readdirSync(errorsDir).sort() : []) {
  if (filter !== undefined && !filter.test(`errors/${name}`)) continue;
  test(`bad input: ${name}`, () => {
    const dir = path.join(errorsDir, name);
    const spec = specFile(dir, ['spec.yaml', 'spec.json']);
    assert.ok(spec, `${dir} holds no spec.yaml or spec.json`);
    // With a host template beside the spec, the case is a failing merge.
    const host = specFile(dir, ['host.yaml', 'host.json']);
    const run = runCli(host ? ['merge', path.relative(ROOT, host), path.relative(ROOT, spec!)] : ['build', path.relative(ROOT, spec!)]);
    assert.is(run.status, 1, `exit status (stderr: ${run.stderr})`);
    assert.is(run.stdout, '', 'nothing on stdout');
    compareOrUpdate(path.join(dir, 'errors.txt'), run.stderr, 'error text');
  });
}

test.run();
