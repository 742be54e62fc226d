/**
 * Circular dependencies: a resource whose properties need its own value (an authorizer whose audience is
 * `!Ref AuthorizerMain`, a VPC link named `!GetAtt VpcLinkMain.VpcLinkId`), or resources that need each other.
 * CloudFormation refuses such a template ("Circular dependency between resources", cfn-lint E3004); here the
 * error names the place in the spec that built the first resource of the cycle.
 */
import { BuildError, pathTo } from '../errors';
import { Reference, collectReferences } from './references';

interface Edge {
  readonly to: string;
  readonly via: string;
}

/** Every cycle among `resources` (each reported once, from its first resource in ID order). Iterative. */
export function dependencyCycles(
  resources: ReadonlyMap<string, unknown>,
  sources: ReadonlyMap<string, string>,
): BuildError[] {
  const edges = new Map<string, Edge[]>();
  for (const [id, resource] of resources) {
    const refs: Reference[] = collectReferences((resource as { Properties?: unknown }).Properties ?? {});
    const dependsOn = (resource as { DependsOn?: string[] | string }).DependsOn ?? [];
    for (const target of typeof dependsOn === 'string' ? [dependsOn] : dependsOn) refs.push({ target, via: `DependsOn ${target}` });
    edges.set(
      id,
      refs.filter((r) => resources.has(r.target)).map((r) => ({ to: r.target, via: r.via })),
    );
  }
  const errors: BuildError[] = [];
  // Colours of a depth-first search: on the current path (grey) or finished (black).
  const onPath = new Map<string, number>();
  const finished = new Set<string>();
  for (const start of [...resources.keys()].sort()) {
    if (finished.has(start)) continue;
    // The path, each entry with the index of the next edge to follow.
    const path: Array<{ id: string; next: number; via?: string }> = [{ id: start, next: 0 }];
    onPath.set(start, 0);
    while (path.length > 0) {
      const top = path[path.length - 1];
      const out = edges.get(top.id)!;
      if (top.next >= out.length) {
        path.pop();
        onPath.delete(top.id);
        finished.add(top.id);
        continue;
      }
      const edge = out[top.next++];
      const at = onPath.get(edge.to);
      if (at !== undefined) {
        errors.push(cycleError(path.slice(at), edge, sources));
        continue;
      }
      if (finished.has(edge.to)) continue;
      onPath.set(edge.to, path.length);
      path.push({ id: edge.to, next: 0, via: edge.via });
    }
  }
  return errors;
}

function cycleError(cycle: ReadonlyArray<{ id: string; via?: string }>, closing: Edge, sources: ReadonlyMap<string, string>): BuildError {
  const first = cycle[0].id;
  const where = `${sources.get(first) ?? 'Resources'} (${pathTo('Resources', first)})`;
  if (cycle.length === 1) {
    return { path: where, message: `refers to itself (${closing.via}): CloudFormation cannot create a resource that needs its own value (circular dependency)` };
  }
  const steps = cycle.map((step, i) => (i === 0 ? step.id : `${step.via} -> ${step.id}`)).join(' ');
  return {
    path: where,
    message: `is part of a circular dependency, which CloudFormation cannot create: ${steps} ${closing.via} -> ${first}`,
  };
}
