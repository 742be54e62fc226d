/**
 * The generated 1,000-route API (bench/generate.ts, seeded) in nested stacks: the root template and the first route
 * stack are goldens (fixtures/nested-1000-routes/), and every template of the build passes cfn-lint, linted together
 * so that cfn-lint checks each nested stack's parameters against what the root passes (E3043).
 * Regenerate on purpose only: UPDATE_GOLDEN=1 npm test, then read the diff.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSpec } from '../bench/generate';
import { buildStacksText, planSpecText } from '../src/split/stacks';
import { buildTemplate } from '../src/build';
import { decodeSpec } from '../src/spec/spec';
import { parseYaml } from '../src/yaml/cfnYaml';
import { FIXTURES, updateGolden } from './helpers/paths';
import { cfnLint } from './helpers/cfnLint';
import { unwrap } from './helpers/either';

const DIR = path.join(FIXTURES, 'nested-1000-routes');
const GOLDENS = ['template.yaml', 'route-stack-1.yaml'];

test('1,000 routes build into a root template and eight route stacks that pass cfn-lint', () => {
  const spec = generateSpec(1000);
  const built = unwrap(buildStacksText(spec.text, 'bench-1000.yaml', 'yaml'));
  assert.equal(built.files.map((f) => f.file), ['template.yaml', ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `route-stack-${i}.yaml`)]);
  for (const name of GOLDENS) {
    const text = built.files.find((f) => f.file === name)!.text;
    const golden = path.join(DIR, name);
    if (updateGolden) fs.writeFileSync(golden, text);
    else assert.fixture(text, fs.readFileSync(golden, 'utf8'), `${name} differs from its golden; run UPDATE_GOLDEN=1 npm test and review it`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-nested-'));
  for (const f of built.files) fs.writeFileSync(path.join(tmp, f.file), f.text);
  const lint = cfnLint(built.files.map((f) => path.join(tmp, f.file)));
  assert.equal(lint.findings, [], 'cfn-lint findings');
  fs.rmSync(tmp, { recursive: true, force: true });

  const plan = unwrap(planSpecText(spec.text, 'bench-1000.yaml'));
  assert.is(plan.layout, 'nested');
  assert.equal(plan.problems, []);
  const single = unwrap(buildTemplate(unwrap(decodeSpec(unwrap(parseYaml(spec.text, 'bench-1000.yaml')))), { checkCounts: false })).template;
  assert.is(plan.operation.used, Object.keys(single.Resources).length + built.files.length - 1, 'the resources of one template, plus one per route stack');
  assert.ok(plan.stacks.every((s) => s.resources.used <= 500 && s.parameters.used <= 200));
});

test.run();
