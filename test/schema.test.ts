/**
 * The JSON Schema of the spec (src/schema/), checked with a real validator (ajv, strict mode):
 * - `schema/apigw-cfn.schema.json` is exactly what the codecs generate, and what `apigw-cfn schema` prints;
 * - every good spec (fixtures, examples, and specs fast-check generates) passes it: the schema never refuses what
 *   the codecs accept;
 * - every bad-input fixture that is a shape error fails it, at a place its errors.txt names; the fixtures whose
 *   mistakes no JSON Schema can see are listed below with the reason, and must pass it (so the list stays true).
 * Regenerate the file on purpose only: `UPDATE_GOLDEN=1 npm test`, then read the diff.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ErrorObject } from 'ajv';
import * as fc from 'fast-check';
import { specJsonSchema, specJsonSchemaText } from '../src/schema/jsonSchema';
import { parseYaml } from '../src/yaml/cfnYaml';
import { pathTo } from '../src/errors';
import { FIXTURES, ROOT, updateGolden } from './helpers/paths';
import { runCli } from './helpers/cli';
import { validSpec } from './helpers/arbitraries';
import { validWebSocketSpec } from './helpers/webSocketArbitraries';

const SCHEMA_FILE = path.join(ROOT, 'schema', 'apigw-cfn.schema.json');

// Strict mode catches unknown keywords and keywords that do not fit their type; `required` in an `if` names
// properties defined elsewhere, and `type: [string, number]` is meant.
const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
const validate = ajv.compile(specJsonSchema());

/** Bad-input fixtures whose mistakes a JSON Schema cannot see, and why. */
const NOT_SHAPE_ERRORS: Readonly<Record<string, string>> = {
  'alb-with-nlb-listener': "a literal ARN's form (a pattern would flag !Ref in editors, which read it as text)",
  'authorizer-scopes-not-jwt': 'scopes against the kind of an authorizer declared elsewhere in the spec',
  'authorizer-simple-responses-v1': 'a rule across two fields',
  'authorizer-undeclared': 'a name declared elsewhere in the spec',
  'cors-credentials-wildcard': 'a rule across two fields',
  'dangling-reference': 'a reference to a parameter or resource',
  'duplicate-routes': 'a YAML duplicate key: the document does not parse',
  'function-not-an-arn': "a literal ARN's form",
  'http-aws-wrong-service-target': "a literal ARN's form",
  'http-url-unbound-variable': 'URL variables against the path variables of the route key',
  'invalid-yaml': 'the document does not parse',
  'mapping-reserved-header': 'header names API Gateway reserves',
  'merge-body-s3-location': 'the host defines the API by an OpenAPI body',
  'merge-dangling-reference': 'a reference to a resource of the host template',
  'merge-host-not-a-template': 'the host template is wrong, not the spec',
  'merge-marker-edited': "the host's record of an earlier merge was edited",
  'merge-overwrites-host': 'the host template defines the same IDs',
  'merge-route-exists': 'routes the host already has, and variables across routes',
  'merge-too-many-resources': 'the size of the merged template',
  'parameter-constraints': 'rules across the fields of a parameter',
  'parameter-named-like-resource': 'a name the generated template also uses',
  'route-tree-conflict': 'path variables across routes',
  'stage-variable-undeclared': 'a use of a stage variable against the stages that declare it',
  'sam-implicit-api': "the API a reference names (SAM's implicit API)",
  'timeout-out-of-range-proxy': 'the range of a duration written as text (45s)',
  'unknown-tag': 'a YAML tag CloudFormation does not have: the document does not parse',
  'vpclink-undeclared': 'a name declared elsewhere in the spec',
  'ws-authorizer-no-connect': 'a rule across fields (an api default with no $connect route)',
  'ws-authorizer-outside-connect': 'a rule on which route a field is on',
  'ws-dangling-reference': 'references to parameters and resources',
  'ws-http-url-unmapped': 'URL variables against the request parameters mapped',
  'authorizer-permission-with-credentials': 'a rule across two fields',
  'authorizer-refers-to-itself': 'what an intrinsic refers to',
  'cors-credentials-wildcard-lists': 'a rule across fields (allowCredentials with a wildcard)',
  'cors-options-authorized': 'a rule across the route key and its authorization',
  'description-literal-sub-variable': 'what a text means to CloudFormation',
  'domain-mapping-unknown-stage': 'a stage name declared elsewhere in the spec',
  'existing-api-stage-settings': 'stage settings against the kind of api (an existing one has its stage elsewhere)',
  'encoding-latin1': 'the encoding of the file, not its shape',
  'encoding-utf16': 'the encoding of the file: it does not parse',
  'existing-api-wildcard': "a literal's form (a pattern would flag !Ref in editors)",
  'http-aws-kms-key': 'a rule across fields (kmsKey and the subtype, or credentials)',
  'http-aws-wildcard-target': 'a wildcard in a literal ARN, refused unless allowWildcards',
  'http-lambda-wildcard-path': 'a character in a route key that lands in a SourceArn',
  'integration-quota-beside-resource-limit': 'a count over the whole API',
  'intrinsic-findinmap': 'where an intrinsic may stand',
  'intrinsic-getatt-parameter': 'what an intrinsic refers to',
  'intrinsic-if': 'where an intrinsic may stand',
  'intrinsic-novalue': 'where an intrinsic may stand',
  'intrinsic-select-one-argument': "an intrinsic's arguments",
  'needs-nested-stacks': 'a count over the whole template it builds (against the limits under stacks)',
  'parameter-unused': 'a rule across the spec (nothing refers to it)',
  'permission-owner-mixed': 'a rule across routes (one function, one account)',
  'permission-two-regions': 'a rule across routes (the Regions of literal ARNs)',
  'too-many-resources': 'a count over the whole template',
  'vpclink-refers-to-itself': 'what an intrinsic refers to',
  'ws-aws-lambda-uri-region': 'the Region inside a literal URI',
  'ws-aws-wildcard-role': 'a wildcard in an action or resource, refused unless allowWildcards',
  'ws-lambda-wildcard-route-key': 'a character in a route key that lands in a SourceArn',
  'yaml-alias-bomb': 'a reading bound: it does not parse',
  'yaml-alias-cycle': 'a reading bound: it does not parse',
  'yaml-big-integer': 'a value YAML would change: it does not parse',
  'yaml-nan': 'a value YAML would change: it does not parse',
  'yaml-nul-byte': 'not text: it does not parse',
  'yaml-octal': 'a value YAML would change: it does not parse',
  'yaml-too-deep': 'a reading bound: it does not parse',
};

function specIn(dir: string, names: readonly string[]): string | undefined {
  return names.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
}

function goodSpecs(): string[] {
  const fixtures = fs
    .readdirSync(FIXTURES)
    .filter((name) => name !== 'errors')
    .map((name) => specIn(path.join(FIXTURES, name), ['spec.yaml', 'spec.json']));
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).map((name) => specIn(path.join(ROOT, 'examples', name), ['api.yaml']));
  return [...fixtures, ...examples].filter((f): f is string => f !== undefined).sort();
}

/** ajv's errors as the places our error messages name (`routes["GET /x"].integration.timeout`). */
function placesOf(errors: readonly ErrorObject[]): Set<string> {
  const places = new Set<string>();
  for (const e of errors) {
    const steps = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const at = steps.reduce<string>((p, step) => pathTo(p, /^\d+$/.test(step) ? Number(step) : step), '');
    places.add(at);
    const params = e.params as Record<string, unknown>;
    for (const key of ['additionalProperty', 'missingProperty', 'propertyName']) {
      if (typeof params[key] === 'string') places.add(pathTo(at, params[key] as string));
    }
  }
  return places;
}

/** The places an errors.txt names: `  routes["GET /x"].integration.timeout: message`. */
function placesIn(errorsText: string): string[] {
  return errorsText
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => {
      const text = line.trim();
      // The path ends at the first ": " outside quotes.
      let quoted = false;
      for (let i = 0; i < text.length; i++) {
        if (text[i] === '"' && text[i - 1] !== '\\') quoted = !quoted;
        if (!quoted && text.startsWith(': ', i)) return text.slice(0, i);
      }
      return '';
    });
}

test('schema/apigw-cfn.schema.json is what the codecs generate', () => {
  const generated = specJsonSchemaText();
  if (updateGolden) fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true }), fs.writeFileSync(SCHEMA_FILE, generated);
  assert.ok(fs.existsSync(SCHEMA_FILE), 'schema/apigw-cfn.schema.json is missing: run UPDATE_GOLDEN=1 npm test and review it');
  assert.fixture(fs.readFileSync(SCHEMA_FILE, 'utf8'), generated, 'the schema file differs from the codecs: UPDATE_GOLDEN=1 npm test, then read the diff');
});

test('every example names the schema for editors, by a path that leads to it', () => {
  for (const name of fs.readdirSync(path.join(ROOT, 'examples'))) {
    const spec = path.join(ROOT, 'examples', name, 'api.yaml');
    if (!fs.existsSync(spec)) continue;
    const first = fs.readFileSync(spec, 'utf8').split('\n')[0];
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    assert.ok(m, `examples/${name}/api.yaml does not start with # yaml-language-server: $schema=...`);
    assert.is(path.resolve(path.dirname(spec), m![1]), SCHEMA_FILE, `examples/${name}/api.yaml`);
  }
});

test('apigw-cfn schema prints the schema', () => {
  const run = runCli(['schema']);
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, specJsonSchemaText());
  assert.is(run.stderr, '');
});

test('every good fixture and example spec passes the schema', () => {
  const files = goodSpecs();
  assert.ok(files.length > 40, `only ${files.length} good specs found`);
  for (const file of files) {
    const parsed = parseYaml(fs.readFileSync(file, 'utf8'), file);
    assert.is(parsed._tag, 'Right', file);
    const ok = validate(parsed._tag === 'Right' ? parsed.right : undefined);
    assert.ok(ok, `${path.relative(ROOT, file)}: ${ajv.errorsText(validate.errors)}`);
  }
});

test('every bad-input fixture with a shape error fails the schema where its errors.txt says', () => {
  const dir = path.join(FIXTURES, 'errors');
  const names = fs.readdirSync(dir).sort();
  for (const name of Object.keys(NOT_SHAPE_ERRORS)) assert.ok(names.includes(name), `NOT_SHAPE_ERRORS names ${name}, which is no fixture`);
  for (const name of names) {
    const spec = specIn(path.join(dir, name), ['spec.yaml', 'spec.json'])!;
    const parsed = parseYaml(fs.readFileSync(spec, 'utf8'), spec);
    if (name in NOT_SHAPE_ERRORS) {
      // Listed as invisible to a schema: it parses and passes, or the list is out of date.
      if (parsed._tag === 'Left') continue;
      assert.ok(validate(parsed.right), `${name} is listed as invisible to the schema, but fails it (${ajv.errorsText(validate.errors)}): move it out of NOT_SHAPE_ERRORS`);
      continue;
    }
    assert.is(parsed._tag, 'Right', `${name} does not parse: list it in NOT_SHAPE_ERRORS`);
    const ok = validate(parsed._tag === 'Right' ? parsed.right : undefined);
    assert.not.ok(ok, `${name} passes the schema: a shape error the schema misses, or a mistake to list in NOT_SHAPE_ERRORS`);
    const expected = placesIn(fs.readFileSync(path.join(dir, name, 'errors.txt'), 'utf8'));
    const found = placesOf(validate.errors ?? []);
    assert.ok(
      expected.some((place) => found.has(place)),
      `${name}: the schema fails at ${[...found].join(', ')}, none of which errors.txt names (${expected.join(', ')})`,
    );
  }
});

test('specs that fast-check generates pass the schema (HTTP and WebSocket)', () => {
  const check = ({ spec }: { spec: unknown }) => {
    if (!validate(spec)) throw new Error(ajv.errorsText(validate.errors));
  };
  fc.assert(fc.property(validSpec(), check), { numRuns: 80, includeErrorInReport: true });
  fc.assert(fc.property(validWebSocketSpec(), check), { numRuns: 80, includeErrorInReport: true });
});

test.run();
