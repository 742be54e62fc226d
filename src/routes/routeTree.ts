/**
 * The route tree of an HTTP API. API Gateway files every route's path in one tree shared by all methods, and a level
 * of that tree (the segments below one parent path) holds at most one variable: `GET /things/{id}` and
 * `DELETE /things/{thingId}/{proxy+}` are refused with "The provided route key ... has a conflicting variable on the
 * same hierarchical level as ... (ConflictException)", whatever their methods.
 *
 * A greedy variable counts as a variable of its level too: `/things/{id}` beside `/things/{proxy+}` (or `{id+}`) is
 * a conflict here. REST APIs, whose resource tree HTTP APIs inherit, refuse exactly that pair ("A sibling ({id}) of
 * this resource already has a variable path part -- only one is allowed"), and AWS documents no exception for HTTP
 * APIs; refusing a pair that might deploy costs a rename, letting through one that fails costs a failed stack.
 */
import { HttpRouteKey, Segment, parseHttpRouteKey } from './routeKey';

export interface RouteTreeConflict {
  /** The later route in the spec, which API Gateway would refuse. */
  readonly routeKey: string;
  readonly variable: string;
  /** The earlier route that holds the level's variable first. */
  readonly otherRouteKey: string;
  readonly otherVariable: string;
  /** The parent path of the level: `/things`, or `/` for the first level. */
  readonly parent: string;
}

/** A segment as written: `books`, `{id}`, `{proxy+}`. */
const segmentText = (s: Segment): string => (s.kind === 'literal' ? s.text : s.kind === 'greedy' ? `{${s.name}+}` : `{${s.name}}`);

/**
 * Every route (in `keys` order) whose variable at some level differs from the variable an earlier route holds
 * there. Keys that do not parse, and `$default`, have no place in the tree and are skipped.
 */
export function routeTreeConflicts(keys: readonly string[]): RouteTreeConflict[] {
  // Parent path (raw segments, so that a conflicting branch stays apart) -> the first variable below it.
  const levels = new Map<string, { variable: string; routeKey: string }>();
  const conflicts: RouteTreeConflict[] = [];
  for (const routeKey of keys) {
    const parsed = parseHttpRouteKey(routeKey);
    if ('problem' in parsed) continue;
    const key: HttpRouteKey = parsed.key;
    if (key.kind === 'default') continue;
    const segments = key.segments;
    for (const [i, segment] of segments.entries()) {
      if (segment.kind === 'literal') continue;
      const parent = `/${segments.slice(0, i).map(segmentText).join('/')}`;
      const variable = segmentText(segment);
      const first = levels.get(parent);
      if (first === undefined) levels.set(parent, { variable, routeKey });
      else if (first.variable !== variable) {
        conflicts.push({ routeKey, variable, otherRouteKey: first.routeKey, otherVariable: first.variable, parent });
      }
    }
  }
  return conflicts;
}

/** What a user reads at `routes["<routeKey>"]`: both routes, both variables, AWS's words and the way out. */
export function routeTreeConflictMessage(c: RouteTreeConflict): string {
  const level = c.parent === '/' ? 'the first level of the path' : `the level below ${c.parent}`;
  const isGreedy = (v: string) => v.endsWith('+}');
  const fix =
    isGreedy(c.variable) !== isGreedy(c.otherVariable)
      ? `a greedy and a plain variable cannot share a level: move the greedy one a level down, as in ` +
        `${c.parent === '/' ? '' : c.parent}/${isGreedy(c.variable) ? `${c.otherVariable}/${c.variable}` : `${c.variable}/${c.otherVariable}`}`
      : `name the variable of this level alike in every route (${c.otherVariable})`;
  return (
    `the path variable ${c.variable} conflicts with ${c.otherVariable} of "${c.otherRouteKey}" at ${level}: API Gateway allows one ` +
    `variable per level across all routes and methods, and refuses this route ("The provided route key ${c.routeKey} has a ` +
    `conflicting variable on the same hierarchical level as ${c.otherRouteKey}", ConflictException); ${fix}`
  );
}
