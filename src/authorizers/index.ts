/**
 * Authorizers: declared once by name under `authorizers:`, used by routes through `authorization:`
 * (authorization.ts). One file per kind: jwt.ts (HTTP APIs), lambda.ts (both protocols). IAM authorization needs
 * no declaration (`authorization: iam`).
 *
 * Each declaration gives an AWS::ApiGatewayV2::Authorizer with the logical ID `Authorizer<Name>` and, for a Lambda
 * authorizer that API Gateway invokes under its own identity, the AWS::Lambda::Permission for it.
 */
import { Codec, InputOf, taggedUnion } from '../spec/codec';
import { AuthorizerResource, Fragment, PermissionResource, Resource } from '../template/types';
import { Value } from '../value';
import { Warning, pathTo } from '../errors';
import { executeApiArn, ownerGrantNotice } from '../shared/lambdaPermission';
import { AuthorizerPlan } from './kind';
import { JwtAuthorizer, buildJwtAuthorizer } from './jwt';
import { HttpLambdaAuthorizer, WebSocketLambdaAuthorizer, buildHttpLambdaAuthorizer, buildWebSocketLambdaAuthorizer } from './lambda';
import { authorizerLogicalId, authorizerPermissionId, authorizersCodec } from './names';

/** API Gateway's default quota of authorizers per API, for both protocols; AWS raises it on request. */
export const MAX_AUTHORIZERS_PER_API = 10;

const IAM_HINT = 'IAM authorization needs no declaration: write authorization: iam on a route or on the api';

export const HttpAuthorizer = taggedUnion('type', { jwt: JwtAuthorizer, lambda: HttpLambdaAuthorizer }, { iam: IAM_HINT });
export type HttpAuthorizer = JwtAuthorizer | HttpLambdaAuthorizer;

export const WebSocketAuthorizer = taggedUnion(
  'type',
  { lambda: WebSocketLambdaAuthorizer },
  { jwt: 'JWT authorizers apply to HTTP APIs only; a WebSocket API takes a lambda authorizer, or authorization: iam on $connect', iam: IAM_HINT },
);
export type WebSocketAuthorizer = WebSocketLambdaAuthorizer;

export type HttpAuthorizers = Readonly<Record<string, HttpAuthorizer>>;
export type WebSocketAuthorizers = Readonly<Record<string, WebSocketAuthorizer>>;

/** The `authorizers:` mapping of an HTTP API: jwt and lambda declarations by name. */
export const HttpAuthorizers = authorizersCodec(HttpAuthorizer as Codec<HttpAuthorizer, InputOf<typeof HttpAuthorizer>>);
/** The `authorizers:` mapping of a WebSocket API: lambda declarations by name. */
export const WebSocketAuthorizers = authorizersCodec(WebSocketAuthorizer as Codec<WebSocketAuthorizer, InputOf<typeof WebSocketAuthorizer>>);

export type Protocol = 'http' | 'websocket';

function plan(declaration: HttpAuthorizer | WebSocketAuthorizer, protocol: Protocol): AuthorizerPlan {
  if (declaration.type === 'jwt') return buildJwtAuthorizer(declaration);
  return protocol === 'http' ? buildHttpLambdaAuthorizer(declaration as HttpLambdaAuthorizer) : buildWebSocketLambdaAuthorizer(declaration);
}

/** One fragment per declared authorizer: the Authorizer, and the Lambda permission its function needs. */
export function buildAuthorizers(apiId: Value, authorizers: HttpAuthorizers | WebSocketAuthorizers, protocol: Protocol): Fragment[] {
  const fragments: Fragment[] = [];
  for (const [name, declaration] of Object.entries(authorizers)) {
    const built = plan(declaration, protocol);
    const id = authorizerLogicalId(name);
    const authorizer: AuthorizerResource = {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: { ApiId: apiId, Name: built.name ?? name, ...built.properties },
    };
    const resources: Record<string, Resource> = { [id]: authorizer };
    // This authorizer only: `${ApiId}/authorizers/${AuthorizerId}`, as the API Gateway guide grants it.
    const sourceArn = executeApiArn(apiId, `authorizers/\${${id}}`);
    if (built.invokes !== undefined) {
      const permission: PermissionResource = {
        Type: 'AWS::Lambda::Permission',
        Properties: { Action: 'lambda:InvokeFunction', FunctionName: built.invokes, Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn },
      };
      resources[authorizerPermissionId(name)] = permission;
    }
    const notices =
      built.grantedByOwner === undefined
        ? []
        : [ownerGrantNotice(pathTo(pathTo('authorizers', name), 'permission'), built.grantedByOwner, authorizerPermissionId(name), sourceArn)];
    fragments.push({ source: pathTo('authorizers', name), resources, notices });
  }
  const count = Object.keys(authorizers).length;
  if (count > MAX_AUTHORIZERS_PER_API) {
    const warning: Warning = {
      path: 'authorizers',
      message: `declares ${count} authorizers; API Gateway allows ${MAX_AUTHORIZERS_PER_API} per API unless you have asked AWS to raise the quota`,
    };
    fragments.push({ source: 'authorizers', warnings: [warning] });
  }
  return fragments;
}

export { Authorization, resolveAuthorization, routeAuthorizationProperties, authorizationProblems, undeclaredAuthorizerProblem } from './authorization';
export { authorizerLogicalId, authorizerPermissionId } from './names';
