/**
 * Wildcards where a spec names one thing. In an IAM policy's Resource and Action, and in the ArnLike condition a
 * Lambda permission's SourceArn becomes, `*` matches any run of characters (`/` included) and `?` any one: a
 * literal `*` widens a grant from one resource to every resource it matches, and IAM, Lambda and CloudFormation all
 * accept it without a word. So wherever a spec names the one thing a grant is for, a wildcard is refused unless the
 * spec says it is meant (`allowWildcards: true`, for roles).
 */
import { Value } from '../value';

const WILDCARD = /[*?]/;

/** The literal text of a Value that a wildcard could hide in: a string, a Sub's text outside `${...}`, Join parts. */
function literalTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const v = value as Record<string, unknown>;
  const subArg = v['Fn::Sub'];
  const text = typeof subArg === 'string' ? subArg : Array.isArray(subArg) && typeof subArg[0] === 'string' ? subArg[0] : undefined;
  if (text !== undefined) {
    const variables = Array.isArray(subArg) ? [subArg[1]] : [];
    return [text.replace(/\$\{[^}]*\}/g, ''), ...variables.flatMap((vars) => Object.values((vars ?? {}) as object).flatMap(literalTexts))];
  }
  const join = v['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].flatMap(literalTexts);
  return [];
}

/** Whether a Value's literal text holds `*` or `?` (for a `!Sub` with or without variables, or a `!Join`). */
export function hasWildcard(value: Value | unknown): boolean {
  return literalTexts(value).some((text) => WILDCARD.test(text));
}

/** Whether a text (an action, a route key) holds `*` or `?`. */
export function textHasWildcard(text: string): boolean {
  return WILDCARD.test(text);
}
