/**
 * Placement is a contract with running stacks (src/split/placement.ts): over random sequences of edits (add a route,
 * remove one, change a route's integration), no resource that exists before and after an edit changes stacks, and
 * the order of the routes in the spec changes no byte of any template. Each step also checks that the stacks are
 * whole: every route once, every integration once and in the root, every reference of a route stack resolved
 * inside it, and the root passing exactly the parameters each route stack declares (what cfn-lint's E3043 checks).
 *
 * No fixed seed; a failure prints its seed and path, and PROPERTY_SEED=<seed> PROPERTY_PATH=<path> replays it
 * (PROPERTY_RUNS=<n> for a longer hunt).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
import { buildTemplate } from '../src/build';
import { decodeSpec } from '../src/spec/spec';
import { buildStacks } from '../src/split/stacks';
import { splitTemplate } from '../src/split/split';
import { PSEUDO_PARAMETERS, collectReferences } from '../src/template/references';
import { Template } from '../src/template/types';
import { unwrap } from './helpers/either';

const env = process.env;
const params = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: env.PROPERTY_RUNS ? Number(env.PROPERTY_RUNS) : numRuns,
  ...(env.PROPERTY_SEED && { seed: Number(env.PROPERTY_SEED) }),
  ...(env.PROPERTY_PATH && { path: env.PROPERTY_PATH }),
});

/**
 * Route keys with one variable name per path level (API Gateway refuses two names at one level): `/things3`,
 * `/things3/{id}`, `/things3/{id}/parts`, `/things3/{id}/{proxy+}`, under any method.
 */
const routeKey = fc
  .tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'ANY'), fc.constantFrom('books', 'orders', 'users', 'files'), fc.integer({ min: 0, max: 40 }), fc.constantFrom('', '/{id}', '/{id}/parts', '/{id}/{proxy+}'))
  .map(([method, noun, n, tail]) => `${method} /${noun}${n}${tail}`);

/** A small pool of integrations, so that routes share them and some functions pass the 20-statement collapse. */
const INTEGRATIONS = [
  { type: 'lambda', function: 'arn:aws:lambda:us-east-1:123456789012:function:books' },
  { type: 'lambda', function: 'arn:aws:lambda:us-east-1:123456789012:function:books', timeout: '10s' },
  { type: 'lambda', function: { Ref: 'OrdersFunctionArn' } },
  { type: 'lambda', function: { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-users' } },
  { type: 'http', url: 'https://files.example.com/v1', method: 'GET' },
] as const;

type Routes = Record<string, { integration: (typeof INTEGRATIONS)[number] }>;

type Edit = { kind: 'add'; key: string; integration: number } | { kind: 'remove'; pick: number } | { kind: 'change'; pick: number; integration: number };

const integrationIndex = fc.integer({ min: 0, max: INTEGRATIONS.length - 1 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), key: routeKey, integration: integrationIndex }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('change' as const), pick: fc.nat(), integration: integrationIndex }),
);

function apply(routes: Routes, e: Edit): Routes {
  const keys = Object.keys(routes);
  if (e.kind === 'add') return { ...routes, [e.key]: { integration: INTEGRATIONS[e.integration] } };
  if (keys.length <= 1) return routes;
  const key = keys[e.pick % keys.length];
  if (e.kind === 'remove') {
    const { [key]: _removed, ...rest } = routes;
    return rest;
  }
  return { ...routes, [key]: { integration: INTEGRATIONS[e.integration] } };
}

const specOf = (routes: Routes, count: number) => ({
  // Declared only when a route uses it: an unused parameter is an error (cfn-lint's W2001).
  ...(Object.values(routes).some((r) => r.integration === INTEGRATIONS[2]) && { parameters: { OrdersFunctionArn: { type: 'String' } } }),
  api: { name: 'shop' },
  stacks: { nested: 'always', count },
  routes,
});

/** The split templates of a spec, checked whole; and the stack of every logical ID ('root' or RouteStackN). */
function placed(routes: Routes, count: number): Map<string, string> {
  const template = unwrap(buildTemplate(unwrap(decodeSpec(specOf(routes, count))), { checkCounts: false })).template;
  const split = unwrap(splitTemplate(template, { count, format: 'yaml' }));
  const homes = new Map<string, string>();
  for (const id of Object.keys(split.root.Resources)) homes.set(id, 'root');
  for (const stack of split.nested) {
    for (const id of Object.keys(stack.template.Resources)) {
      assert.not.ok(homes.has(id), `${id} is in two stacks`);
      homes.set(id, stack.logicalId);
    }
    checkWhole(stack.template, split.root.Resources[stack.logicalId].Properties as { Parameters?: Record<string, unknown> });
  }
  assert.equal(new Set(homes.keys()), new Set([...Object.keys(template.Resources), ...split.nested.map((s) => s.logicalId)]), 'every resource once');
  for (const [id, resource] of Object.entries(template.Resources)) {
    assert.ok(homes.has(id), `${id} is in no stack`);
    if (resource.Type === 'AWS::ApiGatewayV2::Integration') assert.is(homes.get(id), 'root', `${id} is shared, so it stays in the root`);
  }
  return homes;
}

/** Every reference of a route stack resolves inside it, and the root passes exactly its parameters. */
function checkWhole(nested: Template, stack: { Parameters?: Record<string, unknown> }): void {
  const declared = new Set(Object.keys(nested.Parameters ?? {}));
  for (const [id, resource] of Object.entries(nested.Resources)) {
    for (const r of collectReferences(resource)) {
      assert.ok(nested.Resources[r.target] !== undefined || declared.has(r.target) || PSEUDO_PARAMETERS.has(r.target), `${id}: ${r.via} does not resolve in its stack`);
      assert.ok(!['AWS::StackName', 'AWS::StackId'].includes(r.target), `${id}: ${r.via} would read the nested stack's own name`);
    }
  }
  assert.equal(new Set(Object.keys(stack.Parameters ?? {})), declared, 'the root passes what the stack declares');
}

test('no edit moves any other resource to another stack, and the stacks stay whole', () => {
  fc.assert(
    fc.property(fc.dictionary(routeKey, integrationIndex, { minKeys: 1, maxKeys: 40 }), fc.integer({ min: 1, max: 8 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (start, count, edits) => {
      let routes: Routes = Object.fromEntries(Object.entries(start).map(([k, i]) => [k, { integration: INTEGRATIONS[i] }]));
      let before = placed(routes, count);
      for (const e of edits) {
        routes = apply(routes, e);
        const after = placed(routes, count);
        for (const [id, home] of after) {
          if (before.has(id)) assert.is(home, before.get(id), `${e.kind}: ${id} moved from ${before.get(id)} to ${home}`);
        }
        before = after;
      }
    }),
    params(60),
  );
});

test('the order of routes in the spec changes no byte of any template', () => {
  fc.assert(
    fc.property(fc.dictionary(routeKey, integrationIndex, { minKeys: 2, maxKeys: 30 }), fc.integer({ min: 1, max: 8 }), (start, count) => {
      const entries = Object.entries(start).map(([k, i]) => [k, { integration: INTEGRATIONS[i] }] as const);
      const forward = unwrap(buildStacks(specOf(Object.fromEntries(entries), count), 'yaml'));
      const backward = unwrap(buildStacks(specOf(Object.fromEntries([...entries].reverse()), count), 'yaml'));
      assert.equal(backward.files, forward.files);
    }),
    params(40),
  );
});

test.run();
