/**
 * Lambda permissions: the statements that let API Gateway invoke a function, always scoped by SourceArn to the API.
 *
 * One statement per distinct (function, method, path) by default, with parameters and greedy segments as `*`
 * (as SAM writes them). A function's resource policy holds 20 KB, about 50 statements; CDK's one-per-route
 * permissions break there. So when one function would get more than 20 statements, they collapse into a single
 * API-wide statement (`${ApiId}/*`) and the build says so. `permissionScope` forces either form.
 */
import { PermissionResource, Fragment } from '../template/types';
import { Intrinsic, Value, canonicalJson, escapeForSub, sub, subPart } from '../value';
import { Warning } from '../errors';
import { logicalId, valueWords } from './logicalId';

export type PermissionScope = 'auto' | 'route' | 'api';

/** Above this many statements for one function, `auto` collapses them into one API-wide statement. */
export const MAX_STATEMENTS_PER_FUNCTION = 20;

export interface InvokeGrant {
  readonly function: Value;
  /** The execute-api resource after the API id and stage, e.g. `GET/books/*`, `$default`, `sendmessage`. */
  readonly resourcePath: string;
  /** Where in the spec the grant comes from, for messages. */
  readonly source: string;
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

/** The permission resources for every grant of an API, grouped by function. */
export function lambdaPermissions(apiId: Value, grants: readonly InvokeGrant[], scope: PermissionScope): Fragment {
  const byFunction = new Map<string, { fn: Value; paths: Map<string, string> }>();
  for (const grant of grants) {
    const key = canonicalJson(grant.function);
    const entry = byFunction.get(key) ?? { fn: grant.function, paths: new Map<string, string>() };
    if (!entry.paths.has(grant.resourcePath)) entry.paths.set(grant.resourcePath, grant.source);
    byFunction.set(key, entry);
  }

  const resources: Record<string, PermissionResource> = {};
  const warnings: Warning[] = [];
  for (const [fnKey, { fn, paths }] of byFunction) {
    const words = valueWords(fn);
    const apiWide = scope === 'api' || (scope === 'auto' && paths.size > MAX_STATEMENTS_PER_FUNCTION);
    if (apiWide) {
      resources[logicalId('Permission', `${words} Api`, `${fnKey}\u0000*`)] = permission(fn, executeApiArn(apiId, '*'));
      if (scope === 'auto') {
        warnings.push({
          path: [...paths.values()][0],
          message:
            `function ${words || canonicalJson(fn)} is invoked on ${paths.size} distinct methods and paths, more than the ` +
            `${MAX_STATEMENTS_PER_FUNCTION} permission statements we write per function (its resource policy holds 20 KB); ` +
            'granted one statement for the whole API instead. Set api.permissionScope to "route" or "api" to choose.',
        });
      }
      continue;
    }
    for (const path of paths.keys()) {
      // A WebSocket route key may hold "${": escaped, so Fn::Sub keeps it literal instead of reading a variable.
      resources[logicalId('Permission', `${words} ${path}`, `${fnKey}\u0000*/${path}`)] = permission(
        fn,
        executeApiArn(apiId, `*/${escapeForSub(path)}`),
      );
    }
  }
  return { source: 'lambda permissions', resources, warnings };
}
