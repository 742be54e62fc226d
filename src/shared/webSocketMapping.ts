/**
 * What WebSocket integrations share: request parameter mapping in the REST-style form
 * (`integration.request.header.X: route.request.header.Y`), mapping templates and their selection, content
 * handling, passthrough behaviour, and integration responses.
 */
import * as t from 'io-ts';
import { Codec, codec, definition, doc, fail, found, nonEmptyString, object, oneOf, record } from '../spec/codec';
import { ValueInput, stringValue } from '../spec/values';
import { Value, isIntrinsic } from '../value';
import { IntegrationResponseSettings } from '../integrations/kind';

export const contentHandling = doc(oneOf(['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const), 'how the payload is converted; default: passed through');
export const passthroughBehavior = doc(
  oneOf(['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const),
  "what happens to a request no template matches; default AWS's WHEN_NO_MATCH",
);

/** A mapping template's selection expression; `\$default` style values are the user's business. */
export const templateSelectionExpression = doc(nonEmptyString, 'picks the mapping template by the request, such as \\$default');

const NAME = '[a-zA-Z0-9._$-]+';
const DESTINATION = new RegExp(`^integration\\.request\\.(header|querystring|path)\\.${NAME}$`);
const SOURCE = new RegExp(
  `^(route\\.request\\.(querystring|header|multivaluequerystring|multivalueheader)\\.${NAME}|route\\.request\\.body\\..+|context\\.[A-Za-z0-9_.]+|stageVariables\\.[A-Za-z0-9_]+|'[^']*')$`,
);
/** Sources that only the $connect route has (a WebSocket message has no headers or query string). */
const CONNECT_ONLY_SOURCE = /^route\.request\.(querystring|header|multivaluequerystring|multivalueheader)\./;

export type WebSocketRequestParameters = Record<string, Value>;

export const webSocketRequestParameters: Codec<WebSocketRequestParameters, Readonly<Record<string, ValueInput>>> = definition('WebSocketRequestParameters', codec<
  WebSocketRequestParameters,
  Readonly<Record<string, ValueInput>>
>('request parameter mapping', (u, c) => {
  if (u === null || typeof u !== 'object' || Array.isArray(u)) {
    return fail(u, c, `expected a mapping such as {"integration.request.header.x-id": "context.connectionId"}, got ${found(u)}`);
  }
  const errors: t.ValidationError[] = [];
  for (const [key, value] of Object.entries(u as Record<string, unknown>)) {
    const ctx = t.appendContext(c, key, stringValue, value);
    if (!DESTINATION.test(key)) {
      errors.push({ value, context: ctx, message: `expected a key integration.request.header|querystring|path.NAME, got ${JSON.stringify(key)}` });
    } else if (typeof value === 'string' && !SOURCE.test(value)) {
      errors.push({
        value,
        context: ctx,
        message: `expected route.request.header|querystring|multivalueheader|multivaluequerystring.NAME, route.request.body.PATH, context.VARIABLE, stageVariables.NAME or a 'quoted static value', got ${found(value)}`,
      });
    } else if (typeof value !== 'string' && !isIntrinsic(value)) {
      errors.push({ value, context: ctx, message: `expected a mapping expression or an intrinsic, got ${found(value)}` });
    }
  }
  return errors.length > 0 ? t.failures(errors) : t.success(u as WebSocketRequestParameters);
}, (of) => ({
  description:
    "request parameter mapping: integration.request.header|querystring|path.NAME -> route.request.header|querystring.NAME ($connect only), route.request.body.PATH, context.VARIABLE, stageVariables.NAME, 'a static value' or an intrinsic",
  type: 'object',
  propertyNames: { pattern: DESTINATION.source },
  additionalProperties: { anyOf: [{ type: 'string', pattern: SOURCE.source }, of(stringValue)] },
}), (mappings) => Object.fromEntries(Object.entries(mappings).map(([k, v]) => [k, stringValue.encode(v)]))));

/** The mapping keys whose source exists on the $connect route only. */
export function connectOnlySources(parameters: WebSocketRequestParameters | undefined): string[] {
  return Object.entries(parameters ?? {})
    .filter(([, v]) => typeof v === 'string' && CONNECT_ONLY_SOURCE.test(v))
    .map(([k]) => k);
}

/** Mapping templates by selection key (a content type such as application/json, or $default); a template is a Value. */
export const templates = doc(
  record(
    {
      describe: 'template keys (application/json, $default, ...)',
      check: (k) => (k.trim() === '' ? 'expected a non-empty template key' : undefined),
      schema: { pattern: '\\S' },
    },
    stringValue,
    { min: 1 },
  ),
  'mapping templates by selection key (application/json, $default, ...); each a Value, so !Sub can put a name in',
);

const responseKey = (key: string): string | undefined =>
  key === '$default' || /^\/.+\/$/.test(key)
    ? undefined
    : `expected $default or a status-code pattern between slashes such as /4\\d\\d/, got ${JSON.stringify(key)}`;

export const IntegrationResponse = object(
  'integration response',
  {},
  { templates, templateSelectionExpression, contentHandling },
);

/** `responses: { $default: { templates: {...} } }`: what a non-proxy integration sends back on two-way routes. */
export const integrationResponses = doc(
  definition('IntegrationResponses', record({ describe: 'response keys ($default, /4\\d\\d/)', check: responseKey, schema: { pattern: '^(?:\\$default|/.+/)$' } }, IntegrationResponse, { min: 1 })),
  'integration responses by key ($default, or a status pattern such as /4\\d\\d/); each becomes an AWS::ApiGatewayV2::IntegrationResponse',
);
export type IntegrationResponses = typeof integrationResponses._A;

export function toResponseSettings(responses: IntegrationResponses | undefined): Record<string, IntegrationResponseSettings> | undefined {
  if (responses === undefined) return undefined;
  const out: Record<string, IntegrationResponseSettings> = {};
  for (const [key, r] of Object.entries(responses)) {
    out[key] = {
      ...(r.templates !== undefined && { ResponseTemplates: r.templates }),
      ...(r.templateSelectionExpression !== undefined && { TemplateSelectionExpression: r.templateSelectionExpression }),
      ...(r.contentHandling !== undefined && { ContentHandlingStrategy: r.contentHandling }),
    };
  }
  return out;
}

/** Messages for HTTP API options written on a WebSocket integration. */
export const HTTP_ONLY_OPTIONS: Record<string, string> = {
  payloadFormatVersion: 'payloadFormatVersion applies to HTTP APIs only; WebSocket integrations have no payload format version',
  responseParameters: 'responseParameters (response mapping) applies to HTTP APIs only; WebSocket integrations answer through responses',
  tlsServerName: 'tlsServerName applies to HTTP API private integrations only',
  subtype: 'AWS service subtypes apply to HTTP APIs only; a WebSocket aws integration takes uri and method',
};
