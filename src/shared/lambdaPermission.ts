/**
 * Lambda permissions: the statements that let API Gateway invoke a function, always scoped by SourceArn to the API.
 *
 * One statement per distinct (function, method, path) by default, with parameters and greedy segments as `*`
 * (as SAM writes them). A function's resource policy holds 20 KB, about 50 statements; CDK's one-per-route
 * permissions break there. So when one function would get more than 20 statements, they collapse into a single
 * API-wide statement (`${ApiId}/*`) and the build says so. `permissionScope` forces either form.
 *
 * `permission: false` on a Lambda integration or authorizer: the function belongs to another account, whose owner
 * grants API Gateway the call (a stack cannot add a statement to another account's function). No permission is
 * written; the build returns a notice per statement instead, with what the owner must add (principal, action,
 * SourceArn), computed exactly as the permission would have been.
 */
import { PermissionResource, Fragment } from '../template/types';
import { Intrinsic, Value, canonicalJson, describeValue, escapeForSub, sub, subPart } from '../value';
import * as t from 'io-ts';
import { Warning, pathTo } from '../errors';
import { errorAt } from '../spec/codec';
import { isPlainObject } from '../value';
import { lambdaDeclarations, pathOf, regionConflicts, regionPins } from './deployRegion';
import { textHasWildcard } from './wildcards';
import { parseHttpRouteKey } from '../routes/routeKey';
import { Notice } from '../notices';
import { logicalId, valueWords } from './logicalId';

/** How Lambda permissions are scoped: per method and path collapsing past 20 (`auto`), always per path, or per API. */
export type PermissionScope = 'auto' | 'route' | 'api';

/** Above this many statements for one function, `auto` collapses them into one API-wide statement. */
export const MAX_STATEMENTS_PER_FUNCTION = 20;

/** That API Gateway may invoke a function for one execute-api resource (a method and path, or a route key). */
export interface InvokeGrant {
  readonly function: Value;
  /** The execute-api resource after the API id and stage, e.g. `GET/books/*`, `$default`, `sendmessage`. */
  readonly resourcePath: string;
  /** Where in the spec the grant comes from, for messages. */
  readonly source: string;
  /** `permission: false`: the function's owner grants it; a notice, not a resource. */
  readonly grantedByOwner?: boolean;
}

/** What an integration invokes: functions this stack grants permission for, or that their owners grant. */
export function invokedFunctions(fn: Value, permission: boolean | undefined): { invokes?: Value[]; invokesGrantedByOwner?: Value[] } {
  return permission === false ? { invokesGrantedByOwner: [fn] } : { invokes: [fn] };
}

/**
 * The notice for a permission this stack does not write (`permission: false`): the statement the function's owner
 * adds, as `aws lambda add-permission` takes it.
 */
export function ownerGrantNotice(path: string, fn: Value, statementId: string, sourceArn: Intrinsic): Notice {
  return {
    path,
    message: `false: no Lambda permission is written for ${typeof fn === 'string' ? fn : describeValue(fn)}; its owner must allow API Gateway to invoke it`,
    statement: { functionName: fn, statementId, action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com', sourceArn },
  };
}

/**
 * `arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiId}/<resource>` as an Fn::Sub, where the
 * resource starts with the stage. Invoke permissions write `*` there: every route is served by every stage of the
 * API (`api.stages`), stages added later included, so a stage-scoped statement would break the others. Callback
 * grants (src/callbacks/) name their one stage.
 */
export function executeApiArn(apiId: Value, resource: string): Intrinsic {
  const api = subPart(apiId, 'ApiId');
  const text = `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:${api.text}/${resource}`;
  return sub(text, api.variables);
}

function permission(functionValue: Value, sourceArn: Intrinsic): PermissionResource {
  return {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: functionValue,
      Principal: 'apigateway.amazonaws.com',
      SourceArn: sourceArn,
    },
  };
}

/** The permission resources for every grant of an API, grouped by function; notices for owners' grants. */
export function lambdaPermissions(apiId: Value, grants: readonly InvokeGrant[], scope: PermissionScope): Fragment {
  const byFunction = new Map<string, { fn: Value; paths: Map<string, string>; byOwner: boolean }>();
  for (const grant of grants) {
    const key = canonicalJson(grant.function);
    // spec/spec.ts refuses a function that some places grant here and others leave to its owner.
    const entry = byFunction.get(key) ?? { fn: grant.function, paths: new Map<string, string>(), byOwner: grant.grantedByOwner === true };
    if (!entry.paths.has(grant.resourcePath)) entry.paths.set(grant.resourcePath, grant.source);
    byFunction.set(key, entry);
  }

  const resources: Record<string, PermissionResource> = {};
  const warnings: Warning[] = [];
  const notices: Notice[] = [];
  const write = (id: string, fn: Value, sourceArn: Intrinsic, byOwner: boolean, source: string) => {
    if (byOwner) notices.push(ownerGrantNotice(pathTo(pathTo(source, 'integration'), 'permission'), fn, id, sourceArn));
    else resources[id] = permission(fn, sourceArn);
  };
  for (const [fnKey, { fn, paths, byOwner }] of byFunction) {
    const words = valueWords(fn);
    const apiWide = scope === 'api' || (scope === 'auto' && paths.size > MAX_STATEMENTS_PER_FUNCTION);
    if (apiWide) {
      const first = [...paths.values()][0];
      write(logicalId('Permission', `${words} Api`, `${fnKey}\u0000*`), fn, executeApiArn(apiId, '*'), byOwner, first);
      if (scope === 'auto') {
        warnings.push({
          path: first,
          message:
            `function ${words || canonicalJson(fn)} is invoked on ${paths.size} distinct methods and paths, more than the ` +
            `${MAX_STATEMENTS_PER_FUNCTION} permission statements we write per function (its resource policy holds 20 KB); ` +
            'granted one statement for the whole API instead. Set api.permissionScope to "route" or "api" to choose.',
        });
      }
      continue;
    }
    for (const [path, source] of paths) {
      // A WebSocket route key may hold "${": escaped, so Fn::Sub keeps it literal instead of reading a variable.
      write(logicalId('Permission', `${words} ${path}`, `${fnKey}\u0000*/${path}`), fn, executeApiArn(apiId, `*/${escapeForSub(path)}`), byOwner, source);
    }
  }
  return { source: 'lambda permissions', resources, warnings, notices };
}

/** A function Value as text to compare: `!GetAtt A.Arn` and `!GetAtt [A, Arn]` are one function. */
function functionKey(fn: unknown): string {
  const att = isPlainObject(fn) ? fn['Fn::GetAtt'] : undefined;
  return canonicalJson(typeof att === 'string' && att.includes('.') ? { 'Fn::GetAtt': [att.slice(0, att.indexOf('.')), att.slice(att.indexOf('.') + 1)] } : fn);
}

/** Whether a route key, as it lands in a SourceArn, holds a wildcard: a WebSocket key, an HTTP literal segment. */
function routeKeyWildcard(routeKey: string, protocol: 'http' | 'websocket'): boolean {
  if (protocol === 'websocket') return textHasWildcard(routeKey);
  const parsed = parseHttpRouteKey(routeKey);
  return 'key' in parsed && parsed.key.kind === 'route' && parsed.key.segments.some((s) => s.kind === 'literal' && textHasWildcard(s.text));
}

const WILDCARD_ROUTE_KEY = {
  http:
    'a "*" in a literal path segment lands in the SourceArn of its Lambda permission, where it is a wildcard (ArnLike ' +
    'matches "*" to any text, "/" included): the permission would cover other paths than this route\'s; write a path ' +
    'variable ({name}) for any segment, or a literal without "*"',
  websocket:
    'the route key lands in the SourceArn of its Lambda permission (${ApiId}/*/<route key>), where "*" and "?" are ' +
    'wildcards (ArnLike): "*" alone covers every route of the API; choose a route key without them',
} as const;

/**
 * Checks across fields for Lambda permissions, on the raw spec (so they join every other decoding error):
 * - literal function ARNs that get permissions name one Region (shared/deployRegion.ts);
 * - a function is granted here everywhere or nowhere (`permission: false` on some uses and not others is refused:
 *   it is in this account or in another);
 * - a route key that lands in a SourceArn holds no wildcard.
 */
export function permissionCrossFieldErrors(u: unknown, c: t.Context, protocol: 'http' | 'websocket'): t.ValidationError[] {
  const declarations = lambdaDeclarations(u);
  const errors: t.ValidationError[] = regionConflicts(regionPins(u, declarations)).map((conflict) => errorAt(u, c, conflict.keys, conflict.message));

  const firstUse = new Map<string, { keys: readonly string[]; byOwner: boolean }>();
  for (const { declaration, keys } of declarations) {
    if (declaration.credentials !== undefined || declaration.function === undefined) continue;
    const key = functionKey(declaration.function);
    const byOwner = declaration.permission === false;
    const first = firstUse.get(key);
    if (first === undefined) firstUse.set(key, { keys, byOwner });
    else if (first.byOwner !== byOwner) {
      const [owner, here] = byOwner ? [keys, first.keys] : [first.keys, keys];
      errors.push(
        errorAt(u, c, [...keys, byOwner ? 'permission' : 'function'], `${pathOf(owner)} leaves this function's permission to its owner (permission: false), ` +
          `but ${pathOf(here)} has this stack grant it: a function is in this account (the stack writes its permissions) or in ` +
          'another (its owner does); write permission: false on every use of it, or on none'),
      );
    }
  }

  const routes = isPlainObject(u) && isPlainObject(u.routes) ? u.routes : {};
  const preflight = isPlainObject(u) && isPlainObject(u.api) && isPlainObject(u.api.cors) && isPlainObject(u.api.cors.preflight) ? u.api.cors.preflight : undefined;
  const preflightLambda = isPlainObject(preflight?.integration) && preflight.integration.type === 'lambda';
  for (const [routeKey, route] of Object.entries(routes)) {
    const lambda = isPlainObject(route) && isPlainObject(route.integration) && route.integration.type === 'lambda';
    // An ANY route may get an OPTIONS route in front of it on the preflight integration, with the same path.
    const viaPreflight = preflightLambda && routeKey.startsWith('ANY ');
    if ((lambda || viaPreflight) && routeKeyWildcard(routeKey, protocol)) errors.push(errorAt(u, c, ['routes', routeKey], WILDCARD_ROUTE_KEY[protocol]));
  }
  return errors;
}
