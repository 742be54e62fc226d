/**
 * Backend URLs, as HTTP integrations of both protocols take them: `http://` or `https://`, a host (and port), path
 * variables `{name}`, and `${stageVariables.NAME}` anywhere.
 */
import { doc, refine } from '../spec/codec';
import { stringValue } from '../spec/values';
import { Value, isPlainObject } from '../value';

const STAGE_VARIABLE = /\$\{stageVariables\.[A-Za-z0-9_]+\}/g;

/** Why a literal URL is not one API Gateway can proxy to, or undefined when it is. */
export function urlProblem(url: string): string | undefined {
  const shown = JSON.stringify(url.length > 80 ? `${url.slice(0, 77)}...` : url);
  // Stage variables may stand for any part of the URL, even the whole host; check the rest around them.
  const text = url.replace(STAGE_VARIABLE, 'stagevariable');
  if (text.includes('${')) return `expected \${stageVariables.NAME} as the only \${...} in a URL, got ${shown}`;
  const scheme = /^(https?):\/\//.exec(text);
  if (scheme === null) return `expected a URL starting with http:// or https://, got ${shown}`;
  const rest = text.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?$/.test(authority)) {
    return `expected a host name or address after ${scheme[0]} (optionally with :port), got ${shown}`;
  }
  const path = end < 0 ? '' : rest.slice(end);
  if (/\s/.test(path)) return `expected a URL without spaces (encode them as %20), got ${shown}`;
  if (path.includes('{proxy+}')) return `in an integration URL the greedy variable is written {proxy}, without "+", got ${shown}`;
  const braces = path.replace(/\{[A-Za-z0-9._-]+\}/g, '');
  if (/[{}]/.test(braces)) return `expected path variables of the form {name} (letters, digits, ".", "_", "-"), got ${shown}`;
  return undefined;
}

/** A backend URL (a Value), checked when literal: what HTTP integrations of both protocols call. */
export const urlValue = doc(
  refine(stringValue, (v) => (typeof v === 'string' ? urlProblem(v) : undefined), 'a URL (http:// or https://) or an intrinsic'),
  "the backend's URL (a Value): http:// or https://, a host (and :port); the path may hold the route's path variables ({id}; {proxy} for a {proxy+} route) and ${stageVariables.NAME}",
);

/**
 * The path variables (`{name}`) a URL holds where it is written out: a literal, the template of a `!Sub`, or the
 * literal parts of a `!Join`. `${...}` (stage variables, `!Sub` variables) is not one. What an intrinsic computes
 * at deploy time is unknown here, so `!Ref Url` holds none.
 */
export function urlPathVariables(url: Value): string[] {
  const names = new Set<string>();
  for (const m of urlLiteralText(url).replace(/\$\{[^}]*\}/g, '').matchAll(/\{([A-Za-z0-9._-]+)\}/g)) names.add(m[1]);
  return [...names];
}

/** The text of a URL known before deploy time; what is not known joins as a blank. */
function urlLiteralText(url: Value): string {
  if (typeof url === 'string') return url;
  const sub = (url as Record<string, unknown>)['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  const join = (url as Record<string, unknown>)['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    const separator = typeof join[0] === 'string' ? join[0] : '';
    return join[1].map((part) => (typeof part === 'string' ? part : isPlainObject(part) ? ' ' : '')).join(separator);
  }
  return '';
}
