/**
 * Checks across the parts of a production API, run on the raw input beside the field codecs (see spec/spec.ts), so
 * that their errors join every other one:
 * - every stage variable the routes and authorizers use is declared on every stage;
 * - a domain mapping names a stage of this API (or the API has one stage);
 * - what needs this spec's own stage (route throttles, domains, callbacks, usage plans) is refused on an existing API;
 * - no resource carries more than 50 tags, the spec-wide ones included.
 */
import * as t from 'io-ts';
import { errorAt } from '../spec/codec';
import { isPlainObject } from '../value';
import { DeclaringStage, undeclaredStageVariableErrors } from '../stages/variables';
import { mappingStageProblem } from '../domains/domains';
import { tagCountProblem, Tags } from '../tags/tags';

/** The stages a raw api declares, with their variables (HTTP: stages, stage or $default; WebSocket: stage). */
function declaringStages(api: Record<string, unknown>, protocol: 'http' | 'websocket'): DeclaringStage[] | undefined {
  const variablesOf = (stage: unknown) => (isPlainObject(stage) && isPlainObject(stage.variables) ? Object.keys(stage.variables) : []);
  if (protocol === 'http' && api.stages !== undefined) {
    if (!isPlainObject(api.stages)) return undefined;
    return Object.entries(api.stages).map(([name, s]) => ({ name, place: `api.stages.${name}.variables`, variables: variablesOf(s) }));
  }
  if (api.stage === undefined) return protocol === 'http' ? [{ name: '$default', place: 'api.stage.variables', variables: [] }] : undefined;
  if (!isPlainObject(api.stage) || typeof api.stage.name !== 'string') return undefined;
  return [{ name: api.stage.name, place: 'api.stage.variables', variables: variablesOf(api.stage) }];
}

export function productionCrossFieldErrors(u: unknown, c: t.Context, protocol: 'http' | 'websocket'): t.ValidationError[] {
  if (!isPlainObject(u) || !isPlainObject(u.api)) return [];
  const api = u.api;
  const errors: t.ValidationError[] = [];
  const push = (keys: readonly string[], message: string) => errors.push(errorAt(u, c, keys, message));

  if ('existing' in api) {
    // The stage that would carry these belongs to the template that defines the API.
    if (isPlainObject(u.routes)) {
      for (const [key, route] of Object.entries(u.routes)) {
        if (isPlainObject(route) && route.throttle !== undefined) {
          push(
            ['routes', key, 'throttle'],
            "route throttling is a setting of the stage, which belongs to the template that defines the API; set it there",
          );
        }
      }
    }
    const needsStage: Record<string, string> = {
      domains: 'domain mappings name a stage of this spec\'s own API; map an existing API where its stage is defined',
      callbacks: 'callback grants are scoped to a stage of this spec\'s own API; grant them where the API is defined',
      usagePlans: "usage plans bind a stage of this spec's own API; declare them where the API is defined",
    };
    for (const [field, message] of Object.entries(needsStage)) if (u[field] !== undefined) push([field], message);
    return errors;
  }

  const stages = declaringStages(api, protocol);
  if (stages !== undefined) errors.push(...undeclaredStageVariableErrors(u, stages, c));

  if (stages !== undefined && isPlainObject(u.domains)) {
    const names = stages.map((s) => s.name);
    for (const [name, domain] of Object.entries(u.domains)) {
      if (!isPlainObject(domain) || !Array.isArray(domain.mappings)) continue;
      domain.mappings.forEach((mapping, i) => {
        if (!isPlainObject(mapping)) return;
        const problem = mappingStageProblem(mapping.stage, names);
        if (problem === undefined) return;
        const keys = ['domains', name, 'mappings', String(i)];
        push(mapping.stage === undefined ? keys : [...keys, 'stage'], problem);
      });
    }
  }

  if (isPlainObject(u.tags)) {
    const defaults = u.tags as Tags;
    const owners: Array<readonly [keys: string[], owner: unknown]> = [
      [['api'], api],
      ...(isPlainObject(api.stage) ? [[['api', 'stage'], api.stage] as [string[], unknown]] : []),
      ...(isPlainObject(api.stages) ? Object.entries(api.stages).map(([n, s]): [string[], unknown] => [['api', 'stages', n], s]) : []),
      ...(['domains', 'usagePlans'] as const).flatMap((section) =>
        isPlainObject(u[section]) ? Object.entries(u[section] as object).map(([n, d]): [string[], unknown] => [[section, n], d]) : [],
      ),
    ];
    for (const [keys, owner] of owners) {
      if (!isPlainObject(owner) || !isPlainObject(owner.tags)) continue;
      const problem = tagCountProblem(owner.tags as Tags, defaults);
      if (problem !== undefined) push([...keys, 'tags'], problem);
    }
  }
  return errors;
}
