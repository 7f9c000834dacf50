/** The JSON value of `text`, or `undefined` when it is not JSON (JSON itself has no `undefined`). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
