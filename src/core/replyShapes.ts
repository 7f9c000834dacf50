/**
 * What each method needs a reply to look like before it builds a result from it: a reply of any
 * other shape (a proxy's `{}`, a `null`, a half-written result) is a `BAD_RESPONSE`, never a
 * `TypeError` from deep inside a result set.
 */
type Shape = (body: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Rows as objects, or the `compact` (`dataset`) and `columnar` (`columns`) layouts. */
const isRows: Shape = (data) =>
  Array.isArray(data) ||
  (isObject(data) &&
    Array.isArray(data.members) &&
    (Array.isArray(data.dataset) || Array.isArray(data.columns)));

const isLoadResult: Shape = (result) =>
  isObject(result) && isObject(result.query) && isObject(result.annotation) && isRows(result.data);

const isSqlQuery: Shape = (body) => isObject(body) && isObject(body.sql) && Array.isArray(body.sql.sql);

/** The shape each method's reply must have, and the words for it in a `BAD_RESPONSE`. */
export const REPLY_SHAPES = {
  load: [
    (body) =>
      isObject(body) && (Array.isArray(body.results) ? body.results.every(isLoadResult) : isLoadResult(body)),
    'a load result',
  ],
  sql: [(body) => (Array.isArray(body) ? body.every(isSqlQuery) : isSqlQuery(body)), 'a SQL result'],
  meta: [(body) => isObject(body) && Array.isArray(body.cubes), 'a data model'],
  dryRun: [(body) => isObject(body) && Array.isArray(body.normalizedQueries), 'a dry-run result'],
  graphql: [isObject, 'a GraphQL result'],
} satisfies Record<string, [Shape, string]>;

export type ReplyKind = keyof typeof REPLY_SHAPES;
