/**
 * A template diff as text: a table of resources and plain sentences for what breaks a deploy or a client (people),
 * or JSON (scripts). Deterministic: the same two templates print the same bytes.
 */
import { Finding, PropertyChange, ResourceDiff, TOP_LEVEL_STACK, TemplateDiff, isDisruptive } from './diff';
import { count, formatTable, showValue } from './text';

/** How `apigw-cfn diff` prints a difference: a table, or JSON for scripts. */
export type DiffFormat = 'table' | 'json';

/** A template difference as text, in one of the formats. */
export function formatDiff(diff: TemplateDiff, format: DiffFormat): string {
  return format === 'json' ? `${JSON.stringify({ ...diff, disruptive: isDisruptive(diff) }, null, 2)}\n` : diffText(diff);
}

const CHANGE_ORDER: readonly ResourceDiff['change'][] = ['added', 'removed', 'changed', 'replaced', 'type changed'];

export function diffText(diff: TemplateDiff): string {
  if (diff.resources.length === 0 && diff.entries.length === 0 && diff.findings.length === 0) return 'No differences.\n';
  const parts: string[] = [];
  if (diff.resources.length > 0) {
    const counts = CHANGE_ORDER.map((c) => [c, diff.resources.filter((r) => r.change === c).length] as const)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `${n} ${c}`);
    const rows = diff.resources.map((r) => [
      r.change === 'replaced' || r.change === 'type changed' ? r.change.toUpperCase() : r.change,
      r.logicalId,
      r.oldType !== undefined ? `${r.oldType} -> ${r.type}` : r.type,
      r.summary === '' ? '-' : r.summary,
      changesText(r),
    ]);
    parts.push(`Resources: ${counts.join(', ')}\n\n${formatTable(['CHANGE', 'LOGICAL ID', 'TYPE', 'WHAT', 'CHANGES'], rows)}`);
  }
  if (diff.entries.length > 0) {
    const rows = diff.entries.map((e) => [e.change, e.name === undefined ? e.section : `${e.section}.${e.name}`]);
    parts.push(`Template: ${count(diff.entries.length, 'other change')}\n\n${formatTable(['CHANGE', 'ENTRY'], rows)}`);
  }
  if (diff.findings.length > 0) parts.push(`Look out:\n\n${diff.findings.map((f) => `- ${findingText(f)}\n`).join('')}`);
  parts.push(`${verdict(diff)}\n`);
  return parts.join('\n');
}

function changesText(r: ResourceDiff): string {
  if (r.change === 'added' || r.change === 'removed') return '-';
  if (r.change === 'type changed') return 'the type (CloudFormation refuses this update)';
  const items = [...(r.properties ?? []).map(propertyText), ...(r.attributes ?? [])];
  return `${items.join(', ')}${r.replacementUnknown ? ` (whether this replaces it is not known for ${r.type})` : ''}`;
}

function propertyText(p: PropertyChange): string {
  if (p.refersToReplaced !== undefined) return `${p.path} (${p.refersToReplaced} is replaced${p.createOnly ? '; create-only' : ''})`;
  return p.createOnly ? `${p.path} (create-only)` : p.path;
}

const named = (name: unknown) => (name === undefined ? '' : ` (${JSON.stringify(showValue(name))})`);

export function findingText(f: Finding): string {
  switch (f.kind) {
    case 'route moved':
      return (
        `route ${f.routeKey} moves from ${f.from} to ${f.to}: CloudFormation creates the new route before it deletes the old one, ` +
        `and API Gateway refuses a second route with the same key ("Route with key ${f.routeKey} already exists for this API", ` +
        '409 ConflictException), so the update fails and rolls back. Remove the route in one deploy and add it back in the ' +
        'next (it is unavailable in between), or keep its old logical ID.'
      );
    case 'route changes stack':
      return (
        `route ${f.routeKey} (${f.logicalId}) moves from ${f.from} to ${f.to}: CloudFormation creates it in its new stack before ` +
        `the old stack deletes it, and API Gateway refuses a second route with the same key ("Route with key ${f.routeKey} ` +
        'already exists for this API", 409 ConflictException), so the update fails and rolls back. ' +
        (f.from === TOP_LEVEL_STACK
          ? 'Splitting a deployed template moves every route: deploy the nested build as a new stack, or remove the routes in ' +
            'one deploy and add them back in the next (they are unavailable in between).'
          : f.to === TOP_LEVEL_STACK
            ? 'Keep the API in nested stacks (stacks: {nested: always}), or remove the route in one deploy and add it back in the next.'
            : 'Keep stacks.count as it was, or remove the route in one deploy and add it back in the next (it is unavailable in between).')
      );
    case 'api renamed':
      return (
        `API renamed: ${f.from}${named(f.oldName)} becomes ${f.to}${named(f.newName)}. CloudFormation creates a new API, with a new id ` +
        'and a new URL, builds its stage, routes and integrations again, and deletes the old API: clients of the old URL break.'
      );
    case 'api name changed':
      return `API ${f.logicalId} changes its name from ${JSON.stringify(showValue(f.oldName ?? ''))} to ${JSON.stringify(showValue(f.newName ?? ''))} in place: its id and URL stay.`;
    case 'stage renamed':
      return (
        `stage renamed: ${f.from}${named(f.oldName)} becomes ${f.to}${named(f.newName)}. CloudFormation creates the new stage, ` +
        'with its own invoke URL, and deletes the old one: clients of the old stage URL break.'
      );
    case 'integration changed':
      return (
        `integration of ${f.routes.join(', ')} changed${f.properties.length > 0 ? ` (${f.properties.join(', ')})` : ''}: ` +
        `${f.from} is replaced by ${f.to}. An integration's logical ID is a digest of its settings, so CloudFormation creates ` +
        'the new one, points the routes at it and deletes the old one.'
      );
    case 'type changed':
      return (
        `${f.logicalId} changes its type from ${f.from} to ${f.to}: CloudFormation refuses the update ("Update of resource type ` +
        'is not permitted"); give the new resource a new logical ID.'
      );
  }
}

function verdict(diff: TemplateDiff): string {
  if (!isDisruptive(diff)) return 'Nothing is replaced and no route moves.';
  const what = [
    ...(diff.replaced > 0 ? [`${count(diff.replaced, 'resource')} would be replaced`] : []),
    ...(diff.moved > 0 ? [`${count(diff.moved, 'route')} would move`] : []),
  ];
  return `${what.join(' and ')}.`;
}
