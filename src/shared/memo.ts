/**
 * Results kept by their text argument: for pure functions that a build calls many times with the same text (route
 * keys, which every check and builder parses again; names and values the YAML writer quotes). The results must not
 * be changed by callers, since they are shared. Past `limit` texts, all are forgotten at once: memory stays bounded.
 */
export function memoized<R>(f: (text: string) => R, limit: number): (text: string) => R {
  let results = new Map<string, R>();
  return (text) => {
    let result = results.get(text);
    if (result === undefined) {
      result = f(text);
      if (results.size >= limit) results = new Map();
      results.set(text, result);
    }
    return result;
  };
}
