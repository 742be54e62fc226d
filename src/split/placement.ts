/**
 * Where each resource of a split template lives. Placement is a contract with the user's running stacks: a route
 * that moves from one nested stack to another is created in its new stack before the cleanup pass deletes it from
 * the old one, and API Gateway refuses the second route with that key ("Route with key ... already exists", 409
 * ConflictException). So a resource's stack is a pure function of its own logical ID (and so of what it is), never
 * of the other routes, of their order, or of how many there are:
 *
 * - a Route goes to the route stack its logical ID hashes to (the ID follows the route key with variables
 *   normalised, so renaming `{id}` moves nothing); a RouteResponse goes with its route;
 * - a Lambda permission for routes hashes the same way, by its own ID (function and execute-api path), so it stays
 *   put whichever routes share it;
 * - everything else stays in the root: the API, stages, VPC links, authorizers and their permissions, roles, and
 *   the integrations. Integrations are what routes of different stacks share (an API holds at most 300, so equal
 *   ones are never duplicated); in the root, every route stack reads their ids as parameters, no route stack ever
 *   depends on another, and an integration never moves when the routes that use it change.
 *
 * Adding or removing a route, or changing its integration, therefore adds or removes that route alone (and
 * possibly an integration in the root, or a permission), and moves nothing.
 */
import { Resource, Template } from '../template/types';
import { sha256Hex } from '../shared/sha256';
import { collectReferences } from '../template/references';

const MASK_64 = (1n << 64n) - 1n;

/**
 * Jump consistent hash (Lamping and Veach, 2014) of a logical ID into `count` buckets: even, stable across runs and
 * machines (SHA-256 of the ID), and if `count` ever grows, only the routes that land in the new buckets move.
 */
export function bucketOf(logicalId: string, count: number): number {
  // The first 64 bits of the digest, big-endian.
  let key = BigInt(`0x${sha256Hex(logicalId).slice(0, 16)}`);
  let bucket = -1;
  let next = 0;
  while (next < count) {
    bucket = next;
    key = (key * 2862933555777941757n + 1n) & MASK_64;
    next = Math.floor((bucket + 1) * (2 ** 31 / (Number(key >> 33n) + 1)));
  }
  return bucket;
}

/** Where a resource goes: the root, or the route stack of that index (0-based). */
export type Home = 'root' | number;

/** A route permission names only the API and the function; an authorizer's also names its authorizer. */
function isRoutePermission(resource: Resource, template: Template): boolean {
  if (resource.Type !== 'AWS::Lambda::Permission') return false;
  return !collectReferences(resource.Properties).some((r) => template.Resources[r.target]?.Type === 'AWS::ApiGatewayV2::Authorizer');
}

/** The home of every resource of `template`, by logical ID. */
export function placeResources(template: Template, count: number): Map<string, Home> {
  const homes = new Map<string, Home>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::ApiGatewayV2::Route' || isRoutePermission(resource, template)) {
      homes.set(id, bucketOf(id, count));
    } else if (resource.Type === 'AWS::ApiGatewayV2::RouteResponse') {
      const route = (resource.Properties.RouteId as { Ref?: unknown }).Ref;
      homes.set(id, bucketOf(typeof route === 'string' && template.Resources[route] !== undefined ? route : id, count));
    } else {
      homes.set(id, 'root');
    }
  }
  return homes;
}
