/**
 * merge as a user lives with it: the host's text kept byte for byte, a changed spec merged again over its earlier
 * merge, and SAM hosts whose next version changes the API's OpenAPI body.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeSpecText } from '../src/build';
import { readHost } from '../src/host/read';
import { readMarker } from '../src/host/marker';
import { removeGenerations } from '../src/host/merge';
import { formatProblem } from '../src/errors';
import { FIXTURES, ROOT, updateGolden } from './helpers/paths';
import { unwrap, errorsOf } from './helpers/either';
import { cfnLint } from './helpers/cfnLint';
import { samTransform } from './helpers/samTransform';
import { runCli } from './helpers/cli';

process.chdir(ROOT);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cfn-merge-'));
const read = (file: string) => fs.readFileSync(file, 'utf8');

/** The text with every merge taken out again. */
function unmerged(text: string, source: string): string {
  const host = unwrap(readHost(text, source));
  const marker = readMarker(host.data, source);
  if (!('merged' in marker)) throw new Error(formatProblem(marker));
  return removeGenerations(host, marker, () => true).host.text;
}

/** Whether `inner` can be had from `outer` by deleting characters (merge only ever adds). */
function isSubsequence(inner: string, outer: string): boolean {
  let i = 0;
  for (let j = 0; j < outer.length && i < inner.length; j++) if (outer[j] === inner[i]) i++;
  return i === inner.length;
}

/** A spec that adds to every section: a parameter, a new API with its stage and outputs, a route. */
const PROBE = `parameters:
  ProbeFunctionArn: {type: String}
api: {name: probe}
routes:
  GET /probe: {integration: {type: lambda, function: !Ref ProbeFunctionArn}}
`;

function hosts(): string[] {
  const found: string[] = [];
  for (const name of fs.readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, name);
    if (name === 'errors' || !fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) if (/^(host|template|merged)[\w-]*\.(yaml|json)$/.test(file)) found.push(path.join(dir, file));
  }
  for (const name of fs.readdirSync(path.join(ROOT, 'examples')).sort()) {
    const dir = path.join(ROOT, 'examples', name);
    for (const file of ['template.yaml', 'merged.yaml']) if (fs.existsSync(path.join(dir, file))) found.push(path.join(dir, file));
  }
  const handWritten = path.join(ROOT, 'test', 'hosts');
  for (const file of fs.readdirSync(handWritten).sort()) found.push(path.join(handWritten, file));
  return found.map((f) => path.relative(ROOT, f));
}

test('every host in fixtures, examples and test/hosts: merged, then taken out again, is the host byte for byte', () => {
  const all = hosts();
  assert.ok(all.length > 50, `found ${all.length} hosts`);
  for (const host of all) {
    const text = read(host);
    const merged = unwrap(mergeSpecText(text, host, PROBE, 'probe.yaml')).text;
    assert.ok(merged.includes('ApiProbe'), `${host}: the probe is in`);
    if (text.includes('apigw-cfn:')) {
      // A host merged before: its marker is written anew, and what it started from comes back.
      assert.is(unmerged(merged, host), unmerged(text, host), `${host}: taken out again`);
    } else {
      assert.ok(isSubsequence(text, merged), `${host}: merge only adds`);
      assert.is(unmerged(merged, host), text, `${host}: taken out again`);
    }
    // Merged again, the same spec replaces itself: nothing changes.
    assert.is(unwrap(mergeSpecText(merged, host, PROBE, 'probe.yaml')).text, merged, `${host}: merging twice changes nothing`);
  }
});

test('hosts in other line endings and without a final line break keep them', () => {
  for (const host of ['test/hosts/crlf.json', 'test/hosts/crlf-no-newline.yaml', 'test/hosts/tabs-no-newline.json']) {
    const text = read(host);
    const merged = unwrap(mergeSpecText(text, host, PROBE, 'probe.yaml')).text;
    if (text.includes('\r\n')) assert.not.match(merged.replace(/\r\n/g, ''), /\n/, `${host}: only CRLF line breaks`);
    assert.is(merged.endsWith('\n'), text.endsWith('\n'), `${host}: a final line break only if the host had one`);
  }
  const tabs = unwrap(mergeSpecText(read('test/hosts/tabs-no-newline.json'), 'tabs.json', PROBE, 'probe.yaml')).text;
  assert.match(tabs, /\n\t\t"ApiProbe": \{\n\t\t\t"Type": "AWS::ApiGatewayV2::Api",/, 'JSON entries indented with the host\'s tabs');
});

test('values the host writes are read as CloudFormation reads them, and stay as written', () => {
  const text = read('test/hosts/scalars.yaml');
  const host = unwrap(readHost(text, 'scalars.yaml'));
  const properties = (host.data.Resources as any).Function.Properties;
  assert.is(properties.Timeout, 8, '010 is octal in YAML 1.1');
  assert.is(properties.Environment.Variables.YES_VALUE, true, 'y is a boolean in YAML 1.1');
  assert.is(properties.Environment.Variables.VERSION, 2);
  const anchors = unwrap(readHost(read('test/hosts/anchors.yaml'), 'anchors.yaml')).data as any;
  assert.equal(Object.keys(anchors.Resources.Queue.Properties), ['DelaySeconds', '__proto__'], '__proto__ is a key like any other');
  assert.equal(Object.keys(anchors.Resources.Queue2.Properties), ['MessageRetentionPeriod', 'DelaySeconds', '__proto__'], '<< merges under the own keys');
  assert.is(anchors.Resources.Queue2.Properties.MessageRetentionPeriod, 60);
  assert.is(anchors.Resources.Queue2.Type, 'AWS::SQS::Queue', '<< merges the anchored mapping');
  assert.is(Object.getPrototypeOf(anchors.Outputs), Object.prototype, 'a __proto__ key never becomes a prototype');
  const tags = unwrap(readHost(read('test/hosts/tags.yaml'), 'tags.yaml')).data as any;
  assert.equal(tags.Resources.Subnet.Properties.CidrBlock, { 'Fn::Select': [0, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 2, 8] }] });
  assert.equal(tags.Conditions.IsProd, { 'Fn::Not': [{ Condition: 'IsDev' }] });
});

test('hostile hosts are refused quickly, with the line', () => {
  const deep = `Resources:\n  A: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  let started = Date.now();
  assert.match(errorsOf(mergeSpecText(deep, 'deep.yaml', PROBE, 'probe.yaml'))[0], /^deep\.yaml: nesting deeper than 100 levels at line 2; templates are not nested that deep$/);
  const bomb = ['Resources:', '  A: {Type: AWS::SQS::Queue}', 'Metadata:', '  l0: &l0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) bomb.push(`  l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  assert.match(errorsOf(mergeSpecText(bomb.join('\n') + '\n', 'bomb.yaml', PROBE, 'probe.yaml'))[0], /^bomb\.yaml: more than 250,000 values, each alias counted as everything it repeats; a template CloudFormation can deploy holds far fewer \(line \d+\)$/);
  const long = ['Resources:', '  A: {Type: AWS::SQS::Queue}', 'Metadata:', `  text: &text ${'x'.repeat(60_000)}`, `  copies: [${Array(20).fill('*text').join(', ')}]`];
  assert.match(errorsOf(mergeSpecText(long.join('\n') + '\n', 'long.yaml', PROBE, 'probe.yaml'))[0], /^long\.yaml: aliases expand the template past 1,000,000 characters \(CloudFormation reads no aliases\); write it without them \(line 5\)$/);
  assert.ok(Date.now() - started < 5000, 'refused within seconds');
  started = Date.now();
  const big = `Resources:\n${'  # padding\n'.repeat(100_000)}  A: {Type: AWS::SQS::Queue}\n`;
  assert.match(errorsOf(mergeSpecText(big, 'big.yaml', PROBE, 'probe.yaml'))[0], /^big\.yaml: the host template is \d+ bytes, more than the 1048576 \(1 MB\) CloudFormation accepts, before anything is merged in$/);
});

// A spec merged, then a changed spec merged into that output: fixtures/merge-rerun.
const RERUN = path.join(FIXTURES, 'merge-rerun');

function golden(file: string, actual: string): void {
  if (updateGolden) fs.writeFileSync(file, actual);
  else assert.fixture(actual, read(file), `differs from ${path.relative(ROOT, file)}`);
}

test('merge re-run: a changed spec replaces its earlier merge, the removed route goes, the host stays', () => {
  const host = path.join(RERUN, 'host.yaml');
  const v1 = unwrap(mergeSpecText(read(host), 'host.yaml', read(path.join(RERUN, 'spec-v1.yaml')), 'spec-v1.yaml')).text;
  golden(path.join(RERUN, 'merged-v1.yaml'), v1);
  const v2 = unwrap(mergeSpecText(v1, 'merged-v1.yaml', read(path.join(RERUN, 'spec-v2.yaml')), 'spec-v2.yaml')).text;
  golden(path.join(RERUN, 'merged-v2.yaml'), v2);
  assert.ok(v1.includes('/books/{id}/reviews:') && !v2.includes('reviews'), 'the route spec-v2 no longer has is gone, with its permission');
  assert.is(unmerged(v2, 'merged-v2.yaml'), read(host), 'the host text is intact');
  // The same as a fresh merge of v2: nothing of v1 is left behind.
  assert.is(v2, unwrap(mergeSpecText(read(host), 'host.yaml', read(path.join(RERUN, 'spec-v2.yaml')), 'spec-v2.yaml')).text);
  const lint = cfnLint([path.join(RERUN, 'merged-v1.yaml'), path.join(RERUN, 'merged-v2.yaml')]);
  assert.equal(lint.findings, [], 'cfn-lint findings');
});

test('merge -o HOST can be repeated, and another spec merged into the same host keeps its own merge', () => {
  const host = path.join(tmp, 'template.yaml');
  fs.copyFileSync(path.join(RERUN, 'host.yaml'), host);
  for (const spec of ['spec-v1.yaml', 'spec-v2.yaml', 'spec-v2.yaml']) {
    const run = runCli(['merge', host, path.join(RERUN, spec), '-o', host]);
    assert.is(run.status, 0, run.stderr);
  }
  const probe = path.join(tmp, 'probe.yaml');
  fs.writeFileSync(probe, PROBE);
  assert.is(runCli(['merge', host, probe, '-o', host]).status, 0);
  assert.is(runCli(['merge', host, path.join(RERUN, 'spec-v1.yaml'), '-o', host]).status, 0);
  const text = read(host);
  assert.ok(text.includes('ApiProbe') && text.includes('reviews'), 'both merges are in');
  assert.is(unmerged(text, host), read(path.join(RERUN, 'host.yaml')), 'and both come out again');
});

// SAM hosts: the next version of a host changes the API's OpenAPI body, which API Gateway re-imports in overwrite
// mode. Every route must be in that body, and none beside it.
const VERSIONS = path.join(FIXTURES, 'merge-sam-versions');

function checkSurvives(file: string, specRoutes: readonly string[], samRoutes: readonly string[]): void {
  const result = samTransform(file);
  if (!result.ran) return;
  const resources = result.template.Resources;
  const bodies = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api' && (r.Properties?.Body !== undefined || r.Properties?.BodyS3Location !== undefined))
    .map(([id]) => id);
  assert.equal(bodies, ['BooksApi'], `${file}: the API is defined by its body`);
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::ApiGatewayV2::Route' && r.Type !== 'AWS::ApiGatewayV2::Integration') continue;
    assert.not.ok(bodies.includes((r.Properties?.ApiId as { Ref?: string })?.Ref ?? ''), `${file}: ${id} sits beside the body of its API`);
  }
  const paths = (resources.BooksApi.Properties!.Body as { paths: Record<string, Record<string, unknown>> }).paths;
  const inBody = Object.entries(paths).flatMap(([p, item]) =>
    Object.keys(item).map((m) => (p === '$default' ? '$default' : `${m === 'x-amazon-apigateway-any-method' ? 'ANY' : m.toUpperCase()} ${p}`)),
  );
  for (const key of [...specRoutes, ...samRoutes]) assert.ok(inBody.includes(key), `${file}: ${key} is in the body (${inBody.join(', ')})`);
}

test('SAM: the spec merged into a host and into its next version (one more HttpApi event): every route is in the body', () => {
  const spec = read(path.join(VERSIONS, 'routes.yaml'));
  const specRoutes = ['GET /books/{id}', 'DELETE /books/{id}', 'POST /books', 'GET /authors/{id}', '$default'];
  const files: string[] = [];
  for (const [version, samRoutes] of [['v1', ['GET /books']], ['v2', ['GET /books', 'GET /authors']]] as const) {
    const merged = unwrap(mergeSpecText(read(path.join(VERSIONS, `host-${version}.yaml`)), `host-${version}.yaml`, spec, 'routes.yaml')).text;
    const file = path.join(tmp, `merged-${version}.yaml`);
    fs.writeFileSync(file, merged);
    files.push(file);
    checkSurvives(file, specRoutes, samRoutes);
  }
  // A user who keeps the merged template as their host: the event added to it, merged again.
  const edited = read(files[0]).replace(
    '  AuthorsFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n',
    '  AuthorsFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        ListAuthors:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref BooksApi\n            Path: /authors\n            Method: GET\n',
  );
  assert.is.not(edited, read(files[0]));
  const again = path.join(tmp, 'merged-again.yaml');
  fs.writeFileSync(again, unwrap(mergeSpecText(edited, 'merged-v1.yaml', spec, 'routes.yaml')).text);
  files.push(again);
  checkSurvives(again, specRoutes, ['GET /books', 'GET /authors']);
  assert.equal(cfnLint(files).findings, [], 'cfn-lint findings');
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test('the Region rule goes beside the host\'s rules (a Rules section before Resources when it has none), and comes out again', () => {
  const spec = [
    'api: {name: orders}',
    'routes:',
    '  GET /orders: {integration: {type: lambda, function: "arn:aws:lambda:eu-west-1:123456789012:function:orders"}}',
    '',
  ].join('\n');
  const host = "AWSTemplateFormatVersion: '2010-09-09'\n# the bucket\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n";
  const merged = unwrap(mergeSpecText(host, 'host.yaml', spec, 'spec.yaml')).text;
  assert.match(merged, /\nRules:\n {2}DeployRegion:\n {4}Assertions:\n[\s\S]*- eu-west-1\n[\s\S]*\nResources:\n/);
  assert.is(unmerged(merged, 'host.yaml'), host);
  const withRules = host.replace('Resources:', "Rules:\n  Theirs:\n    Assertions:\n      - Assert: !Equals [a, a]\nResources:");
  const both = unwrap(mergeSpecText(withRules, 'host.yaml', spec, 'spec.yaml')).text;
  assert.match(both, /\n {2}Theirs:\n[\s\S]*\n {2}DeployRegion:\n/);
  assert.is(unmerged(both, 'host.yaml'), withRules);
  const clash = host.replace('Resources:', "Rules:\n  DeployRegion:\n    Assertions:\n      - Assert: !Equals [!Ref AWS::Region, us-east-1]\nResources:");
  assert.equal(errorsOf(mergeSpecText(clash, 'host.yaml', spec, 'spec.yaml')).map((e) => e.slice(0, e.indexOf(':'))), ['Rules.DeployRegion']);
});

test('a merge notices what the merged template needs: the capability for the host\'s roles and ours', () => {
  const host = "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: fixed\n      AssumeRolePolicyDocument: {}\n";
  const spec = 'api: {name: a}\nroutes:\n  GET /a: {integration: {type: http, url: "https://example.com"}}\n';
  const notices = unwrap(mergeSpecText(host, 'host.yaml', spec, 'spec.yaml')).notices;
  assert.equal(notices.map((n) => n.capabilities), [['CAPABILITY_NAMED_IAM']]);
});

test.run();
