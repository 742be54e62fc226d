/**
 * The route review as text: a table for people, a Mermaid flowchart (routes -> integrations -> backends) for
 * reviews and READMEs, JSON for scripts. Each is deterministic: the same spec prints the same bytes.
 */
import { canonicalJson } from '../value';
import { ApiReview, AuthorizationReview, BackendReview, PermissionReview, RouteReview } from './routes';
import { count, formatTable, showValue } from './text';

/** How `apigw-cfn routes` prints a review: a table, a Mermaid flowchart, or JSON for scripts. */
export type RoutesFormat = 'table' | 'mermaid' | 'json';

/** A route review as text, in one of the formats. */
export function formatRoutes(review: ApiReview, format: RoutesFormat): string {
  switch (format) {
    case 'table':
      return routesTable(review);
    case 'mermaid':
      return routesMermaid(review);
    case 'json':
      return `${JSON.stringify(review, null, 2)}\n`;
  }
}

function apiTitle(review: ApiReview): string {
  const protocol = review.protocol === 'http' ? 'HTTP API' : 'WebSocket API';
  return review.name !== undefined ? `${protocol} ${review.name}` : `routes on the ${protocol} ${showValue(review.apiId)}`;
}

export function routesTable(review: ApiReview): string {
  const integrations = new Set(review.routes.map((r) => r.integration.logicalId)).size;
  const title = `${apiTitle(review)}: ${count(review.routes.length, 'route')}, ${count(integrations, 'integration')}\n\n`;
  const rows = review.routes.map((r) => [
    r.routeKey,
    authorizationText(r.authorization),
    integrationText(r),
    r.backend === undefined ? '-' : backendText(r.backend),
    permissionText(r.permission),
  ]);
  return title + formatTable(['ROUTE', 'AUTHORIZATION', 'INTEGRATION', 'BACKEND', 'PERMISSION'], rows);
}

/** `none`, `iam`, `jwt cognito [books/write]`, `lambda tokens`; WebSocket messages `via $connect (lambda tokens)`. */
export function authorizationText(a: AuthorizationReview): string {
  const own =
    a.type === 'NONE' ? 'none'
    : a.type === 'AWS_IAM' ? 'iam'
    : `${a.type === 'JWT' ? 'jwt' : 'lambda'} ${a.authorizer ?? '?'}${a.scopes !== undefined ? ` [${a.scopes.join(', ')}]` : ''}`;
  const text = a.onConnect !== undefined ? `via $connect (${authorizationText(a.onConnect)})` : own;
  return a.apiKeyRequired ? `${text} + API key` : text;
}

function integrationText(r: RouteReview): string {
  return r.integration.subtype !== undefined ? `${r.integration.kind} ${r.integration.subtype}` : r.integration.kind;
}

function backendText(b: BackendReview): string {
  return `${showValue(b.value)}${b.vpcLink !== undefined ? ` via VPC link ${b.vpcLink}` : ''}`;
}

/** The statement that covers the route (`${ApiBooks}/*\/GET/books/*`, or `api-wide`), the role, or `-`. */
export function permissionText(p: PermissionReview): string {
  switch (p.kind) {
    case 'lambda':
      return p.functions
        .map((f) => {
          const best = f.statements[0];
          if (best === undefined && f.grantedByOwner) return "the function's owner (permission: false)";
          if (best === undefined) return 'NONE: no permission lets API Gateway invoke the function';
          return best.apiWide ? 'api-wide' : best.resource;
        })
        .join('; ');
    case 'role':
      return p.allows !== undefined ? `role: ${p.allows.join('; ')}` : `role ${showValue(p.role)}`;
    case 'none':
      return '-';
  }
}

/** A quoted Mermaid label: entity codes for what would end or break it, and a line break for each newline. */
function label(text: string): string {
  const escaped = text.replace(/#/g, '#35;').replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  return `"${escaped.replace(/\n/g, '<br/>')}"`;
}

export function routesMermaid(review: ApiReview): string {
  const lines = ['flowchart LR', `  subgraph api[${label(apiTitle(review))}]`];
  const integrations = new Map<string, RouteReview>();
  for (const r of review.routes) {
    lines.push(`    ${r.logicalId}[${label(`${r.routeKey}\n${authorizationText(r.authorization)}`)}]`);
    if (!integrations.has(r.integration.logicalId)) integrations.set(r.integration.logicalId, r);
  }
  for (const [id, r] of integrations) lines.push(`    ${id}(${label(`${integrationText(r)}\n${id}`)})`);
  lines.push('  end');
  for (const r of review.routes) lines.push(`  ${r.logicalId} --> ${r.integration.logicalId}`);
  const backends = new Map<string, string>();
  for (const [id, r] of integrations) {
    if (r.backend === undefined) continue;
    const key = canonicalJson([r.backend.what, r.backend.value]);
    let node = backends.get(key);
    if (node === undefined) {
      node = `backend${backends.size + 1}`;
      backends.set(key, node);
      lines.push(`  ${node}([${label(`${r.backend.what}\n${showValue(r.backend.value)}`)}])`);
    }
    const via = r.backend.vpcLink !== undefined ? ` -- ${label(`VPC link ${r.backend.vpcLink}`)} -->` : ' -->';
    lines.push(`  ${id}${via} ${node}`);
  }
  return `${lines.join('\n')}\n`;
}
