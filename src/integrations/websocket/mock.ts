/**
 * WebSocket API -> Mock integration (MOCK): API Gateway answers by itself, from mapping templates.
 *
 * ```yaml
 * integration:
 *   type: mock
 *   requestTemplates:                  # the template that picks the status code; default: none
 *     $default: '{"statusCode": 200}'
 *   templateSelectionExpression: \$default
 *   responses:                         # what a two-way route (returnResponse: true) sends back
 *     $default:
 *       templates: { $default: '{"message": "pong"}' }
 * ```
 */
import { object, oneOf, InputOf } from '../../spec/codec';
import {
  HTTP_ONLY_OPTIONS,
  integrationResponses,
  templateSelectionExpression,
  templates,
  toResponseSettings,
} from '../../shared/webSocketMapping';
import { IntegrationKind, integrationDescription } from '../kind';

export const WebSocketMockIntegration = object(
  'WebSocket mock integration',
  { type: oneOf(['mock'] as const) },
  { requestTemplates: templates, templateSelectionExpression, responses: integrationResponses, description: integrationDescription },
  HTTP_ONLY_OPTIONS,
);
export type WebSocketMockIntegration = typeof WebSocketMockIntegration._A;

export const webSocketMockIntegration: IntegrationKind<WebSocketMockIntegration, InputOf<typeof WebSocketMockIntegration>> = {
  type: 'mock',
  codec: WebSocketMockIntegration,
  build: (d) => ({
    name: 'Mock',
    properties: {
      IntegrationType: 'MOCK',
      ...(d.requestTemplates !== undefined && { RequestTemplates: d.requestTemplates }),
      ...(d.templateSelectionExpression !== undefined && { TemplateSelectionExpression: d.templateSelectionExpression }),
      ...(d.description !== undefined && { Description: d.description }),
    },
    responses: toResponseSettings(d.responses),
  }),
};
