/**
 * WebSocket stages that do not deploy themselves and API keys without usage plans: what builds and what warns.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildSpec } from '../src/build';
import { Warning } from '../src/errors';

interface Built {
  readonly types: string[];
  readonly resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  readonly warnings: readonly Warning[];
}

function build(spec: unknown): Built {
  const r = buildSpec(spec, 'json');
  if (r._tag === 'Left') throw new Error(r.left.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const resources = (JSON.parse(r.right.text) as { Resources: Built['resources'] }).Resources;
  return { types: Object.values(resources).map((x) => x.Type).sort(), resources, warnings: r.right.warnings };
}

const webSocket = (stage: object, routes?: object) => ({ api: { name: 'chat', protocol: 'websocket', stage: { name: 'dev', ...stage } }, ...(routes && { routes }) });
const mock = { integration: { type: 'mock' } };

test('a WebSocket stage without autoDeploy warns that removed routes stay live', () => {
  const deployed = build(webSocket({ autoDeploy: false }, { ping: mock }));
  assert.ok(deployed.types.includes('AWS::ApiGatewayV2::Deployment'));
  assert.equal(deployed.warnings.map((w) => w.path), ['api.stage.autoDeploy']);
  assert.match(deployed.warnings[0].message, /stays live on the stage after the update that removes it/);

  assert.equal(build(webSocket({}, { ping: mock })).warnings, []);
});

test('apiKeyRequired warns: without a usage plan every connection is refused', () => {
  const b = build(webSocket({}, { $connect: { ...mock, apiKeyRequired: true }, ping: { ...mock, apiKeyRequired: false } }));
  assert.equal(b.warnings.map((w) => w.path), ['routes["$connect"].apiKeyRequired']);
  assert.match(b.warnings[0].message, /usage plan/);
});

test.run();
