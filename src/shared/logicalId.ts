/**
 * Logical IDs: a pure function of what a resource is, never of its position or of other resources, so adding or
 * removing a route renames nothing else.
 *
 * An ID is a kind prefix, readable words taken from what the resource is (`RouteGetBooksId`), and eight hex
 * digits of a SHA-256 of its exact identity. The words make it readable; the digest makes it collision-free where
 * the words alone are not (`GET /a_b` and `GET /ab` both read `GetAb`).
 */
import { sha256Hex } from './sha256';

/** CloudFormation's limit; we stay well below it. */
export const MAX_LOGICAL_ID_LENGTH = 255;
const MAX_WORDS_LENGTH = 160;

/** `get /books/{id}` -> `GetBooksId`: alphanumeric runs, each with its first letter capitalized. */
export function pascalWords(text: string): string {
  return (text.match(/[A-Za-z0-9]+/g) ?? []).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

export function digest(identity: string, length = 8): string {
  return sha256Hex(identity).slice(0, length).toUpperCase();
}

/**
 * `logicalId('Route', 'GET /books/{id}', 'route GET /books/{id}')` -> `RouteGetBooksId` + 8 hex digits.
 * `identity` must capture everything that makes the resource what it is; `words` only has to read well.
 */
export function logicalId(kind: string, words: string, identity: string): string {
  return `${kind}${wordsFor(kind, words, 8)}${digest(`${kind}\u0000${identity}`)}`;
}

/** An ID without a digest, for resources of which a spec has exactly one (the API, its stage). */
export function singletonId(kind: string, words: string): string {
  return `${kind}${wordsFor(kind, words, 0)}`;
}

/**
 * The words, cut so that the whole ID fits in 255 characters: a kind may itself hold words (`ApiBooksStage`, from
 * an API name of up to 128 characters), so capping the words alone is not enough.
 */
function wordsFor(kind: string, words: string, suffixLength: number): string {
  return pascalWords(words).slice(0, Math.max(0, Math.min(MAX_WORDS_LENGTH, MAX_LOGICAL_ID_LENGTH - kind.length - suffixLength)));
}

/**
 * Words that name what a Value points at: `!Ref BooksFunctionArn` -> `BooksFunctionArn`, `!GetAtt Fn.Arn` -> `Fn`,
 * `arn:aws:lambda:...:function:get-book` -> `get-book`. Only for readability; identity comes from the digest.
 */
export function valueWords(value: unknown): string {
  if (typeof value === 'string') return arnWords(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return v.Ref;
    const att = v['Fn::GetAtt'];
    if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
    if (typeof v['Fn::ImportValue'] === 'string') return v['Fn::ImportValue'] as string;
    const joined = v['Fn::Join'];
    if (Array.isArray(joined) && Array.isArray(joined[1])) {
      // The last literal part usually names the thing: [..., "function", "delete-user"] -> delete-user.
      const literal = [...joined[1]].reverse().find((part) => typeof part === 'string' && /[A-Za-z0-9]/.test(part));
      if (typeof literal === 'string') return arnWords(literal);
    }
    const text = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'][0] : v['Fn::Sub'];
    if (typeof text === 'string') return arnWords(text.replace(/\$\{[^}]*\}/g, (m) => m.slice(2, -1).replace(/::/g, '')));
  }
  return '';
}

/** The resource part of an ARN without its type (`function:`, `stateMachine:`, `listener/`); other text as is. */
function arnWords(text: string): string {
  const parts = text.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return text;
  const resource = parts.slice(5).join(':');
  const typed = /^[A-Za-z-]+[:/](.+)$/.exec(resource);
  return typed ? typed[1] : resource;
}
