/**
 * fast-check arbitraries for the query-utility differential suite: queries over a small pool of
 * members (so that equal, overlapping and duplicate members happen often), filter trees with
 * `and`/`or` nesting, `order` in both of its forms, pivot configs and sort lists.
 */
import fc from 'fast-check';

const CUBES = ['Orders', 'Users'];
const FIELDS = ['count', 'amount', 'status', 'createdAt', 'city'];
export const MEMBERS = CUBES.flatMap((cube) => FIELDS.map((field) => `${cube}.${field}`));

export const member = fc.constantFrom(...MEMBERS);
const members = fc.array(member, { maxLength: 4 });
const direction = fc.constantFrom('asc', 'desc', 'none');
export const granularity = fc.constantFrom('day', 'week', 'month', 'hour', 'fiscalYear', undefined);

export const order = fc.oneof(
  fc.dictionary(member, direction, { maxKeys: 3 }),
  fc.array(fc.tuple(member, direction), { maxLength: 3 }),
  fc.constantFrom({}, [], undefined),
);

const timeDimension = fc.record(
  {
    dimension: member,
    granularity,
    dateRange: fc.oneof(
      fc.constantFrom('last week', 'this year', undefined),
      fc.tuple(fc.constant('2024-01-01'), fc.constant('2024-02-01')),
    ),
  },
  { requiredKeys: ['dimension'] },
);

/** Member filters (some still being edited: no operator), groups nested up to three levels. */
export const filters = fc.letrec((tie) => ({
  memberFilter: fc.record(
    {
      member,
      dimension: member,
      operator: fc.constantFrom('equals', 'notEquals', 'set', 'contains', 'gt'),
      values: fc.array(fc.constantFrom('a', 'b', '1'), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
  filter: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    tie('memberFilter'),
    fc.record({ or: tie('list') }),
    fc.record({ and: tie('list') }),
  ),
  list: fc.array(tie('filter'), { maxLength: 3 }),
})).list;

export const query = fc.record(
  {
    measures: members,
    dimensions: members,
    segments: members,
    timeDimensions: fc.array(timeDimension, { maxLength: 2 }),
    filters,
    order,
    limit: fc.integer({ min: 0, max: 100 }),
    offset: fc.constantFrom(0, 10),
    total: fc.boolean(),
    timezone: fc.constantFrom('UTC', 'America/New_York'),
    ungrouped: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** A query, or (rarely) null, undefined, or a list of queries. */
export const queryInput = fc.oneof(
  { weight: 8, arbitrary: query },
  { weight: 1, arbitrary: fc.array(query, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);

const axis = fc.array(fc.oneof(member, fc.constant('measures')), { maxLength: 4 });
export const pivotConfig = fc.record(
  {
    x: axis,
    y: axis,
    fillMissingDates: fc.boolean(),
    aliasSeries: fc.array(fc.constantFrom('a', 'b', ''), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

export const orderMembers = fc.array(
  fc.record({
    id: member,
    title: fc.constantFrom('A', 'B'),
    order: fc.constantFrom('asc', 'desc', 'none', undefined),
  }),
  { maxLength: 6 },
);

/** A small variation of a query, so that equality and heuristics see near misses, not only strangers. */
export function variant(q: Record<string, unknown>, edit: number): Record<string, unknown> {
  const copy = structuredClone(q);
  switch (edit) {
    case 0:
      return copy;
    case 1:
      // The same query, keys written in another order.
      return Object.fromEntries(Object.entries(copy).reverse());
    case 2:
      return { ...copy, measures: [] };
    case 3:
      return { ...copy, dimensions: [] };
    case 4:
      return { ...copy, measures: ['Orders.count'] };
    case 5:
      return { ...copy, dimensions: ['Orders.status'] };
    case 6:
      return { ...copy, order: Object.fromEntries(Object.entries(copy.order ?? {}).reverse()) };
    default:
      return { ...copy, timeDimensions: [{ dimension: 'Orders.createdAt', granularity: 'month' }] };
  }
}
