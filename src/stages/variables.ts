/**
 * Stage variables: declared on a stage (`stage.variables`), used by integrations and authorizers as
 * `${stageVariables.NAME}` or `$stageVariables.NAME` (WebSocket mappings: `stageVariables.NAME`).
 *
 * ```yaml
 * api:
 *   stage:
 *     name: prod
 *     variables: { backendHost: orders.example.com, version: v2 }
 * routes:
 *   GET /orders:
 *     integration: { type: http, url: "https://${stageVariables.backendHost}/${stageVariables.version}/orders" }
 * ```
 * API Gateway fills an undeclared variable with nothing (the backend gets an empty host), so a use that a stage
 * does not declare is an error naming the use and the stage; a declared variable nothing uses is a warning.
 */
import * as t from 'io-ts';
import { extend, fail, found, record } from '../spec/codec';
import { stringValue } from '../spec/values';
import { pathTo } from '../errors';
import { Value, isPlainObject } from '../value';

const NAME = /^[A-Za-z0-9_]+$/;

/** What API Gateway accepts as a literal value (the API reference's pattern), at most 2,048 characters. */
const VALUE = /^[A-Za-z0-9\-._~:/?#&=,]{1,2048}$/;

const variableValue = extend(stringValue, (u, c) => {
  if (typeof u === 'number') return fail(u, c, `expected text (quote it: "${String(u)}"), got ${found(u)}: stage variables are strings`);
  const r = stringValue.validate(u, c);
  if (r._tag === 'Left' || typeof r.right !== 'string') return r;
  return VALUE.test(r.right)
    ? r
    : fail(u, c, `expected 1 to 2048 letters, digits and - . _ ~ : / ? # & = , (what API Gateway accepts in a stage variable), got ${found(u)}`);
}, 'stage variable value');

export const StageVariables = record(
  {
    describe: 'stage variable names',
    check: (name) => (NAME.test(name) ? undefined : `expected a stage variable name of letters, digits and "_", got ${JSON.stringify(name)}`),
    schema: { pattern: NAME.source },
  },
  variableValue,
  { min: 1 },
);
export type StageVariables = Readonly<Record<string, Value>>;

/** One use of a stage variable: its name and where it is (keys from the spec's root, with the value at each). */
export interface StageVariableUse {
  readonly name: string;
  readonly at: ReadonlyArray<readonly [string, unknown]>;
}

/**
 * `$stageVariables.x`, `${stageVariables.x}`, `${!stageVariables.x}` (escaped in a !Sub), and the bare
 * `stageVariables.x` of WebSocket mappings and identity sources.
 */
const USE = /(?<![A-Za-z0-9_.])stageVariables\.([A-Za-z0-9_]+)/g;

/** Fields whose text API Gateway never evaluates. */
const NOT_EVALUATED: ReadonlySet<string> = new Set(['description', 'operationName']);

/** Every stage variable the routes and authorizers of a spec (decoded or raw) use, in spec order. */
export function stageVariableUses(spec: unknown): StageVariableUse[] {
  const uses: StageVariableUse[] = [];
  // Runs on every spec, twice a build (decode and build) over every value of the routes: where the walk is lives on
  // two stacks that it pushes and pops, made into a path only for a use, and only text that holds the name is
  // searched.
  const keys: string[] = [];
  const values: unknown[] = [];
  const at = (): Array<readonly [string, unknown]> => keys.map((key, i) => [key, values[i]] as const);
  const walk = (node: unknown, subTemplate: boolean) => {
    if (typeof node === 'string') {
      if (!node.includes('stageVariables.')) return;
      for (const m of node.matchAll(USE)) {
        // In a !Sub's text, ${stageVariables.x} is a CloudFormation reference (reported as one, since no such
        // parameter exists); only ${!stageVariables.x} reaches API Gateway.
        if (subTemplate && node.slice(Math.max(0, m.index! - 2), m.index) === '${') continue;
        uses.push({ name: m[1], at: at() });
      }
    } else if (Array.isArray(node)) {
      const sub = keys[keys.length - 1] === 'Fn::Sub';
      for (let i = 0; i < node.length; i++) {
        keys.push(String(i));
        values.push(node[i]);
        walk(node[i], sub && i === 0);
        keys.pop();
        values.pop();
      }
    } else if (isPlainObject(node)) {
      for (const key of Object.keys(node)) {
        if (NOT_EVALUATED.has(key)) continue;
        keys.push(key);
        values.push(node[key]);
        walk(node[key], key === 'Fn::Sub');
        keys.pop();
        values.pop();
      }
    }
  };
  if (!isPlainObject(spec)) return uses;
  for (const section of ['routes', 'authorizers'] as const) {
    if (!isPlainObject(spec[section]) || !mayMention(spec[section], 'stageVariables.')) continue;
    keys.push(section);
    values.push(spec[section]);
    walk(spec[section], false);
    keys.pop();
    values.pop();
  }
  return uses;
}

/**
 * Whether any text in `x` may hold `needle`: false only when its JSON text does not, which JSON.stringify (native
 * code, fast even in a cold process) tells at a fraction of the cost of walking the values. Most specs use no stage
 * variables, and this spares them the walk. Data JSON cannot write (a BigInt from a script) answers true.
 */
function mayMention(x: unknown, needle: string): boolean {
  try {
    return JSON.stringify(x)?.includes(needle) ?? true;
  } catch {
    return true;
  }
}

/** The spec path of a use: `routes["GET /x"].integration.url`. */
export function usePath(use: StageVariableUse): string {
  // An index into a list reads `[1]`, as the error reporter writes it.
  return use.at.reduce((path, [key], i) => pathTo(path, i > 0 && Array.isArray(use.at[i - 1][1]) ? Number(key) : key), '');
}

/** The names used, for the unused-variable warning. */
export function usedNames(spec: unknown): ReadonlySet<string> {
  return new Set(stageVariableUses(spec).map((u) => u.name));
}

/** A stage as the check sees it: its name, where its variables are declared, and their names. */
export interface DeclaringStage {
  readonly name: string;
  readonly place: string;
  readonly variables: readonly string[];
}

/**
 * An error per use that some stage does not declare, at the use, naming the stages that lack it (every stage serves
 * every route, so each must declare what the routes use).
 */
export function undeclaredStageVariableErrors(
  spec: unknown,
  stages: readonly DeclaringStage[],
  c: t.Context,
): t.ValidationError[] {
  const errors: t.ValidationError[] = [];
  const seen = new Set<string>();
  for (const use of stageVariableUses(spec)) {
    const missing = stages.filter((s) => !s.variables.includes(use.name));
    if (missing.length === 0) continue;
    const context = use.at.reduce<t.Context>((ctx, [key, actual]) => t.appendContext(ctx, key, t.unknown, actual), c);
    const key = `${usePath(use)}\u0000${use.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const which = missing.map((s) => `"${s.name}" (${s.place} ${s.variables.length > 0 ? `has ${s.variables.join(', ')}` : 'has none'})`).join(', ');
    errors.push({
      value: use.at[use.at.length - 1][1],
      context,
      message: `uses stage variable ${use.name}, which stage${missing.length > 1 ? 's' : ''} ${which} ${missing.length > 1 ? 'do' : 'does'} not declare; API Gateway would fill it with nothing`,
    });
  }
  return errors;
}
