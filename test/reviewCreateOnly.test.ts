/**
 * The table of create-only properties (src/review/createOnly.ts) against the CloudFormation registry schemas that
 * cfn-lint bundles: a type whose schema gains or loses a create-only property fails here, so `apigw-cfn diff` never
 * calls an update in place what CloudFormation does by replacement. Without cfn-lint the check is skipped loudly;
 * with CI=true that is a failure (as for the golden templates, test/helpers/cfnLint.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CREATE_ONLY_PROPERTIES, createOnlyPath } from '../src/review/createOnly';
import { decodeSpec } from '../src/spec/spec';
import { buildTemplate } from '../src/build';
import { parseYaml } from '../src/yaml/cfnYaml';
import { FIXTURES, ROOT } from './helpers/paths';
import { unwrap } from './helpers/either';

/** Asks cfn-lint's schema manager for each type's createOnlyProperties (us-east-1, the schemas it lints with). */
const SCRIPT = `
import json, sys
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
out = {}
for name in json.load(sys.stdin):
    out[name] = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", name).schema.get("createOnlyProperties", [])
print(json.dumps(out))
`;

function schemas(types: readonly string[]): Record<string, string[]> | undefined {
  const run = spawnSync('python3', ['-c', SCRIPT], { input: JSON.stringify(types), encoding: 'utf8' });
  const missing = (run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || /No module named .?cfnlint/.test(run.stderr ?? '');
  if (missing) {
    if (process.env.CI === 'true') throw new Error('cfn-lint (Python package cfnlint) is not installed, and CI=true requires it: pip install cfn-lint');
    process.stderr.write(
      '\n\x1b[1;33m!!! cfn-lint is not installed: the create-only properties that apigw-cfn diff uses were NOT checked\n' +
        '!!! against the CloudFormation schemas. Install it (pip install cfn-lint). On CI this is a failure.\x1b[0m\n\n',
    );
    return undefined;
  }
  if (run.status !== 0) throw new Error(`reading cfn-lint's schemas failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, string[]>;
}

test("every type's create-only properties are those of its CloudFormation schema", () => {
  const types = Object.keys(CREATE_ONLY_PROPERTIES);
  const bundled = schemas(types);
  if (bundled === undefined) return;
  for (const type of types) {
    assert.equal([...CREATE_ONLY_PROPERTIES[type]].sort(), [...bundled[type]].sort(), `${type}: src/review/createOnly.ts against cfn-lint's schema`);
  }
});

test('the table covers every resource type that the fixture and example specs build', () => {
  const emitted = new Set<string>();
  for (const file of [
    ...fs.readdirSync(FIXTURES).flatMap((name) => ['spec.yaml', 'spec.json'].map((f) => path.join(FIXTURES, name, f))),
    ...fs.readdirSync(path.join(ROOT, 'examples')).map((name) => path.join(ROOT, 'examples', name, 'api.yaml')),
  ]) {
    if (!fs.existsSync(file)) continue;
    const spec = decodeSpec(unwrap(parseYaml(fs.readFileSync(file, 'utf8'), file)));
    const built = spec._tag === 'Right' ? buildTemplate(spec.right, { unknownReferences: 'collect' }) : undefined;
    for (const resource of Object.values(built?._tag === 'Right' ? built.right.template.Resources : {})) emitted.add(resource.Type);
  }
  assert.ok(emitted.size >= 10, [...emitted].join(', '));
  for (const type of emitted) assert.ok(Object.hasOwn(CREATE_ONLY_PROPERTIES, type), `${type} is emitted but not in src/review/createOnly.ts`);
});

test('JSON pointers become property paths, with ~1 and ~0 unescaped', () => {
  assert.equal(createOnlyPath('/properties/ApiId'), ['ApiId']);
  assert.equal(createOnlyPath('/properties/TlsConfig/ServerNameToVerify'), ['TlsConfig', 'ServerNameToVerify']);
  assert.equal(createOnlyPath('/properties/A~1B/C~0D'), ['A/B', 'C~D']);
});

test.run();
