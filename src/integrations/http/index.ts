/**
 * The integration kinds of HTTP APIs, by the `type` a spec writes. Adding a kind: write its file, list it here.
 */
import { DescriptorOf, IntegrationContext, IntegrationPlan, integrationKinds } from '../kind';
import { definition } from '../../spec/codec';
import { lambdaIntegration } from './lambda';
import { awsIntegration } from './aws';
import { urlIntegration } from './url';
import { albIntegration } from './alb';
import { nlbIntegration } from './nlb';
import { cloudMapIntegration } from './cloudMap';

/** The integration kinds of HTTP APIs by `type`: each a codec of what users write and a builder. */
export const HTTP_INTEGRATION_KINDS = {
  lambda: lambdaIntegration,
  aws: awsIntegration,
  http: urlIntegration,
  alb: albIntegration,
  nlb: nlbIntegration,
  cloudMap: cloudMapIntegration,
} as const;

/** Answers for types that belong to WebSocket APIs. */
const OTHER_PROTOCOL = {
  mock: 'mock integrations belong to WebSocket APIs (api.protocol: websocket); HTTP APIs have no mock integration',
  httpProxy: 'httpProxy belongs to WebSocket APIs; on an HTTP API, type: http is the HTTP proxy to a URL',
};

const kinds = integrationKinds(HTTP_INTEGRATION_KINDS, OTHER_PROTOCOL);
/** The codec of an HTTP API integration, chosen by `type`; `HttpIntegration` is also its decoded type. */
export type HttpIntegration = DescriptorOf<typeof HTTP_INTEGRATION_KINDS>;
// A definition in the JSON Schema: routes and cors.preflight both take one, and the schema states it once.
export const HttpIntegration = definition('HttpIntegration', kinds.codec);
/** The plan of an HTTP API integration: its Integration properties and what else it needs (grants, roles). */
export const buildHttpIntegration: (descriptor: HttpIntegration, context: IntegrationContext) => IntegrationPlan = kinds.build;
