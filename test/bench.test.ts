/**
 * The benchmark's spec generator: it must give the same text every time and a spec the pipeline accepts, with the
 * shapes the benchmark claims to exercise. Nothing here is timed (timing belongs to `npm run bench` only).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateSpec } from '../bench/generate';
import { buildSpecText, buildTemplate } from '../src/build';
import { decodeSpec } from '../src/spec/spec';
import { parseYaml } from '../src/yaml/cfnYaml';
import { unwrap } from './helpers/either';

test('generateSpec is deterministic and declares exactly the routes asked for', () => {
  assert.is(generateSpec(100).text, generateSpec(100).text);
  for (const n of [1, 9, 100, 1000]) {
    const spec = unwrap(decodeSpec(unwrap(parseYaml(generateSpec(n).text, 'bench.yaml'))));
    assert.is(Object.keys(spec.routes).length, n, `${n} routes`);
  }
});

// No two of its routes share an execute-api path: the pairs that would (GET /x/{id} and GET /x/{proxy+}) hold two
// variables at one level of the path, which API Gateway refuses (routes/routeTree.ts).
test('the 100-route spec builds, sharing integrations and collapsing permissions', () => {
  const generated = generateSpec(100);
  unwrap(buildSpecText(generated.text, 'bench.yaml', 'yaml'));
  const { template, warnings } = unwrap(buildTemplate(unwrap(decodeSpec(unwrap(parseYaml(generated.text, 'bench.yaml'))))));
  const resources = Object.values(template.Resources);
  const ofType = (type: string) => resources.filter((r) => r.Type === type);
  const integrations = ofType('AWS::ApiGatewayV2::Integration').map((r) => r.Properties as Record<string, unknown>);
  const permissions = ofType('AWS::Lambda::Permission').map((r) => r.Properties as { FunctionName: unknown; SourceArn: unknown });

  assert.is(ofType('AWS::ApiGatewayV2::Route').length, 100);
  assert.ok(integrations.length < generated.functions * 2, `integrations are shared (${integrations.length})`);
  assert.ok(integrations.some((p) => p.TimeoutInMillis !== undefined), 'some integrations set a timeout');
  assert.ok(integrations.some((p) => p.PayloadFormatVersion === '1.0'), 'some integrations use payload format 1.0');
  const apiWide = permissions.filter((p) => JSON.stringify(p.SourceArn).endsWith('}/*"}'));
  assert.ok(apiWide.length > 0 && apiWide.length < generated.functions, 'some functions collapse to one API-wide permission, not all');
  assert.is(warnings.filter((w) => w.message.includes('granted one statement for the whole API')).length, apiWide.length);
});

test.run();
