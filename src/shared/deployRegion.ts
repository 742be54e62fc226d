/**
 * The Region a stack must deploy in. An AWS::Lambda::Permission works only in its function's Region: for a function
 * elsewhere, Lambda refuses it at deploy time ("Functions from 'us-east-1' are not reachable in this region
 * ('eu-west-1')", ResourceNotFoundException). So a literal function ARN that this stack writes a permission for pins
 * the stack to the ARN's Region:
 * - the template gets a CloudFormation rule that asserts `AWS::Region` is that Region, so a deploy elsewhere stops
 *   before anything is created, with a message that says why;
 * - literal ARNs that name two Regions are an error: one stack deploys in one Region.
 *
 * A function this stack writes no permission for (`permission: false`, or a Lambda authorizer invoked through
 * `credentials`) pins nothing. Intrinsics (`!GetAtt`, `!Ref`, ...) are known only at deploy time and pin nothing.
 */
import { Fragment, Rule } from '../template/types';
import { isPlainObject } from '../value';
import { pathTo } from '../errors';
import { PARTITION, REGION } from '../spec/values';

const LAMBDA_ARN = new RegExp(`^arn:(${PARTITION}):lambda:(${REGION}):\\d{12}:function:`);

/** The Region a literal Lambda function ARN names, or undefined for anything else. */
export function functionArnRegion(value: unknown): string | undefined {
  return typeof value === 'string' ? LAMBDA_ARN.exec(value)?.[2] : undefined;
}

/** A literal function ARN that a permission of this stack names, and where the spec writes it. */
export interface RegionPin {
  readonly region: string;
  /** The keys of `routes["GET /books"].integration.function`, `authorizers.tokens.function`. */
  readonly keys: readonly string[];
}

/**
 * Whether this stack writes a permission for what a declaration invokes: a Lambda integration or a Lambda authorizer
 * without `permission: false` (and, for an authorizer, without `credentials`).
 */
export function writesPermission(declaration: unknown): boolean {
  return (
    isPlainObject(declaration) &&
    declaration.type === 'lambda' &&
    declaration.permission !== false &&
    declaration.credentials === undefined
  );
}

/** A Lambda integration or authorizer declaration, and the keys that lead to it in the spec. */
export interface LambdaDeclaration {
  readonly declaration: Record<string, unknown>;
  readonly keys: readonly string[];
}

/** The path a reader writes for keys: `routes["GET /books"].integration`. */
export function pathOf(keys: readonly string[]): string {
  return keys.reduce<string>((path, key) => pathTo(path, key), '');
}

/**
 * The Lambda declarations of a spec (raw or decoded: only their shape matters): each route's integration, the CORS
 * preflight integration, and each authorizer.
 */
export function lambdaDeclarations(spec: unknown): LambdaDeclaration[] {
  if (!isPlainObject(spec)) return [];
  const out: LambdaDeclaration[] = [];
  const add = (d: unknown, keys: readonly string[]) => {
    if (isPlainObject(d) && d.type === 'lambda') out.push({ declaration: d, keys });
  };
  for (const [key, route] of Object.entries(isPlainObject(spec.routes) ? spec.routes : {})) {
    if (isPlainObject(route)) add(route.integration, ['routes', key, 'integration']);
  }
  const cors = isPlainObject(spec.api) && isPlainObject(spec.api.cors) ? spec.api.cors : undefined;
  if (cors !== undefined && isPlainObject(cors.preflight)) add(cors.preflight.integration, ['api', 'cors', 'preflight', 'integration']);
  for (const [name, d] of Object.entries(isPlainObject(spec.authorizers) ? spec.authorizers : {})) add(d, ['authorizers', name]);
  return out;
}

/** Every literal function ARN this stack writes a permission for, with its Region. */
export function regionPins(spec: unknown, declarations: readonly LambdaDeclaration[] = lambdaDeclarations(spec)): RegionPin[] {
  const pins: RegionPin[] = [];
  for (const { declaration, keys } of declarations) {
    const region = writesPermission(declaration) ? functionArnRegion(declaration.function) : undefined;
    if (region !== undefined) pins.push({ region, keys: [...keys, 'function'] });
  }
  return pins;
}

/** Pins in a second Region, each with the message that names the first. */
export function regionConflicts(pins: readonly RegionPin[]): Array<{ readonly keys: readonly string[]; readonly message: string }> {
  const first = pins[0];
  if (first === undefined) return [];
  return pins
    .filter((pin) => pin.region !== first.region)
    .map((pin) => ({
      keys: pin.keys,
      message:
        `names a function in ${pin.region}, but ${pathOf(first.keys)} is in ${first.region}: this stack writes a Lambda permission for ` +
        `both, and a permission works only in its function's Region (Lambda refuses it: "Functions from '${pin.region}' are ` +
        `not reachable in this region ('${first.region}')"); a stack deploys in one Region, so split the spec by Region`,
    }));
}

export const DEPLOY_REGION_RULE = 'DeployRegion';

/** The rule that stops a deploy outside the pinned Region, before anything is created; none without pins. */
export function deployRegionRule(pins: readonly RegionPin[]): Fragment | undefined {
  const region = pins[0]?.region;
  if (region === undefined) return undefined;
  const rule: Rule = {
    Assertions: [
      {
        Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, region] },
        AssertDescription:
          `Deploy this stack in ${region}: it grants API Gateway permission to invoke Lambda functions whose ARNs name ` +
          `${region}, and a Lambda permission works only in its function's Region.`,
      },
    ],
  };
  return { source: pathOf(pins[0].keys), rules: { [DEPLOY_REGION_RULE]: rule } };
}
