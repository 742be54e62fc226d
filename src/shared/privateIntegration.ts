/**
 * What private integrations (ALB, NLB, Cloud Map) share: an HTTP proxy through a VPC link declared under
 * `vpcLinks:` (see shared/vpcLink.ts), an optional server name for TLS, and the target's ARN as IntegrationUri.
 *
 * ```yaml
 *   vpcLink: main                            # required: a link declared under vpcLinks
 *   tlsServerName: orders.internal.example.com   # TlsConfig.ServerNameToVerify: API Gateway then speaks HTTPS to
 *                                            #   the target, sends this name (SNI) and verifies the certificate
 *                                            #   against it; default: none (plain HTTP)
 *   method, timeout, requestParameters, responseParameters, description   # see shared/httpProxy.ts
 * ```
 * Each kind file (integrations/http/alb.ts, nlb.ts, cloudMap.ts) adds its target field and nothing else.
 */
import { Codec, extend, fail, found } from '../spec/codec';
import { ValueInput, arnValue, literalChecked } from '../spec/values';
import { Value } from '../value';
import { IntegrationContext, IntegrationPlan } from '../integrations/kind';
import { HTTP_PROXY_OPTIONS, HttpProxyOptions, httpProxyProperties } from './httpProxy';
import { vpcLinkConnectionId, vpcLinkName } from './vpcLink';
import { valueWords } from './logicalId';

const PARTITION = 'aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const ACCOUNT = '\\d{12}';

/** A DNS host name (what a TLS certificate names). */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const tlsServerName = literalChecked(
  'a host name or an intrinsic',
  (v) => (HOST_NAME.test(v) ? undefined : `expected a host name such as orders.internal.example.com, or an intrinsic, got ${found(v)}`),
  'a host name: API Gateway then speaks HTTPS to the target, sends this name (SNI) and verifies the certificate against it (TlsConfig.ServerNameToVerify); default: plain HTTP',
);

/** The optional fields of every private integration descriptor. */
export const PRIVATE_OPTIONS = { ...HTTP_PROXY_OPTIONS, tlsServerName };

export interface PrivateOptions extends HttpProxyOptions {
  readonly vpcLink: string;
  readonly tlsServerName?: Value;
}

/** The required field every private integration descriptor has besides its target. */
export const PRIVATE_REQUIRED = { vpcLink: vpcLinkName };

const LOAD_BALANCERS = {
  app: { title: 'Application Load Balancer', type: 'alb' },
  net: { title: 'Network Load Balancer', type: 'nlb' },
} as const;

/**
 * A load balancer listener ARN (`listener/app/...` for ALBs, `listener/net/...` for NLBs), or an intrinsic such as
 * `!Ref MyListener`. The usual slips get their own message: the other kind's listener, or the load balancer's ARN.
 */
export function listenerArn(kind: 'app' | 'net'): Codec<Value, ValueInput> {
  const { title } = LOAD_BALANCERS[kind];
  const other = kind === 'app' ? 'net' : 'app';
  const prefix = `^arn:${PARTITION}:elasticloadbalancing:${REGION}:${ACCOUNT}:`;
  const listener = (k: string) => new RegExp(`${prefix}listener/${k}/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16}$`);
  const example = `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/${kind}/orders/50dc6c495c0c9188/f2f7dc8efc522ab2`;
  const base = arnValue(`${article(title)} ${title} listener`, listener(kind), example);
  return extend(base, (u, c) => {
    if (typeof u === 'string' && listener(other).test(u)) {
      const o = LOAD_BALANCERS[other];
      return fail(u, c, `expected ${article(title)} ${title} listener ARN (listener/${kind}/...), got ${article(o.title)} ${o.title} listener ARN (listener/${other}/...): use type: ${o.type}`);
    }
    if (typeof u === 'string' && new RegExp(`${prefix}loadbalancer/`).test(u)) {
      return fail(u, c, `expected the ARN of one of the load balancer's listeners (listener/${kind}/...), got the load balancer's own ARN (loadbalancer/...)`);
    }
    return base.validate(u, c);
  });
}

/** A Cloud Map service ARN (`service/srv-...`), or an intrinsic such as `!GetAtt OrdersService.Arn`. */
export const cloudMapServiceArn: Codec<Value, ValueInput> = arnValue(
  'a Cloud Map service',
  new RegExp(`^arn:${PARTITION}:servicediscovery:${REGION}:${ACCOUNT}:service/srv-[A-Za-z0-9]+$`),
  'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004',
);

/** Readable words for a target: the load balancer's name, the Cloud Map service id, or what an intrinsic names. */
export function targetWords(target: Value): string {
  if (typeof target === 'string') {
    const m = /:listener\/(?:app|net)\/([^/]+)\/|:service\/(srv-[A-Za-z0-9]+)$/.exec(target);
    if (m !== null) return m[1] ?? m[2];
  }
  return valueWords(target);
}

/** The plan of a private integration to `target` (a listener or service ARN) through the descriptor's VPC link. */
export function buildPrivateIntegration(kindWords: string, target: Value, d: PrivateOptions, context: IntegrationContext): IntegrationPlan {
  return {
    name: `${kindWords} ${targetWords(target)}`,
    properties: httpProxyProperties(target, d, {
      ConnectionType: 'VPC_LINK',
      ConnectionId: vpcLinkConnectionId(d.vpcLink, context.vpcLinks),
      ...(d.tlsServerName !== undefined && { TlsConfig: { ServerNameToVerify: d.tlsServerName } }),
    }),
  };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
