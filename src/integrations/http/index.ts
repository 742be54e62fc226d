/**
 * The integration kinds of HTTP APIs, by the `type` a spec writes. Adding a kind: write its file, list it here.
 */
import { taggedUnion } from '../../spec/codec';
import { IntegrationContext, IntegrationKind, IntegrationPlan } from '../kind';
import { lambdaIntegration } from './lambda';
import { awsIntegration } from './aws';
import { urlIntegration } from './url';
import { albIntegration } from './alb';
import { nlbIntegration } from './nlb';
import { cloudMapIntegration } from './cloudMap';

export const HTTP_INTEGRATION_KINDS = {
  lambda: lambdaIntegration,
  aws: awsIntegration,
  http: urlIntegration,
  alb: albIntegration,
  nlb: nlbIntegration,
  cloudMap: cloudMapIntegration,
} as const;

type Kinds = typeof HTTP_INTEGRATION_KINDS;
export type HttpIntegration = { [K in keyof Kinds]: Kinds[K] extends IntegrationKind<infer D> ? D : never }[keyof Kinds];

export const HttpIntegration = taggedUnion(
  'type',
  Object.fromEntries(Object.entries(HTTP_INTEGRATION_KINDS).map(([type, kind]) => [type, kind.codec])) as {
    [K in keyof Kinds]: Kinds[K]['codec'];
  },
);

export function buildHttpIntegration(descriptor: HttpIntegration, context: IntegrationContext): IntegrationPlan {
  const kind = HTTP_INTEGRATION_KINDS[descriptor.type] as IntegrationKind<HttpIntegration>;
  return kind.build(descriptor, context);
}
