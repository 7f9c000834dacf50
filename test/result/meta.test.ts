/**
 * Meta: generated `/meta` responses, every method compared with the published client, plus the
 * behaviour apps rely on spelled out.
 */
import { Meta as Theirs } from '@cubejs-client/core';
import { Meta } from '../../src/result/Meta';
import type { MetaResponse } from '../../src/types/meta';
import { canonicalOutcome, outcome } from './compare';
import { Random } from './generator';

const TYPES = ['string', 'number', 'time', 'boolean'] as const;

function metaResponse(seed: number): MetaResponse {
  const r = new Random(seed);
  // Generated cubes carry only the fields Meta reads; real responses carry more.
  const cubes: Array<Record<string, unknown>> = [];
  const names = r.subset(['Orders', 'Users', 'Products', 'LineItems', 'Stores'], 1, 5);
  for (const name of names) {
    const title = (m: string): string => r.pick([`${name} ${m}`, m, `A ${m}`, 'Same title']);
    const dims = r.subset(['id', 'status', 'createdAt', 'updatedAt', 'city', 'flag', 'amount'], 0, 6);
    cubes.push({
      name,
      title: `${name} title`,
      type: r.pick(['cube', 'view', undefined] as const),
      public: r.pick([true, false, undefined]),
      measures: r.subset(['count', 'total', 'avg'], 0, 3).map((m) => ({
        name: `${name}.${m}`,
        title: title(m),
        shortTitle: m,
        type: r.pick(['number', 'string'] as const),
        drillMembers: [],
      })),
      dimensions: dims.map((d) => ({
        name: `${name}.${d}`,
        title: title(d),
        shortTitle: d,
        type: d.endsWith('At') ? 'time' : r.pick(TYPES),
      })),
      segments: r
        .subset(['big', 'recent'], 0, 2)
        .map((s) => ({ name: `${name}.${s}`, title: title(s), shortTitle: s })),
    });
  }
  return { cubes } as unknown as MetaResponse;
}

describe('Meta matches @cubejs-client/core', () => {
  test('on 150 generated meta responses, every method', () => {
    const failures: string[] = [];
    let compared = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const response = metaResponse(seed);
      const ours = new Meta(response) as unknown as Record<string, (...a: unknown[]) => unknown>;
      const theirs = new Theirs(response as never) as unknown as Record<string, (...a: unknown[]) => unknown>;
      const check = (call: string, args: unknown[]): void => {
        compared++;
        const a = canonicalOutcome(
          outcome(() => (ours[call] as (...x: unknown[]) => unknown).apply(ours, args)),
        );
        const b = canonicalOutcome(
          outcome(() => (theirs[call] as (...x: unknown[]) => unknown).apply(theirs, args)),
        );
        if (a !== b) failures.push(`seed ${seed} ${call}(${JSON.stringify(args)})`);
      };
      expect(canonicalOutcome(outcome(() => (ours as unknown as Meta).cubesMap))).toBe(
        canonicalOutcome(outcome(() => (theirs as unknown as { cubesMap: unknown }).cubesMap)),
      );
      for (const type of ['measures', 'dimensions', 'segments'] as const)
        check('membersForQuery', [null, type]);
      check('membersGroupedByCube', []);
      const members = [
        ...response.cubes.flatMap((c) => [...c.measures, ...c.dimensions, ...c.segments].map((m) => m.name)),
        'Nope.count',
        'Orders.nope',
        'Orders',
      ];
      for (const name of members) {
        check('resolveMember', [name, 'measures']);
        check('resolveMember', [name, ['dimensions', 'segments']]);
        check('defaultTimeDimensionNameFor', [name]);
        check('filterOperatorsForMember', [name, ['measures', 'dimensions']]);
        check('filterOperatorsForMember', [name, 'segments']);
      }
    }
    expect(failures).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('Meta', () => {
  const meta = new Meta({
    cubes: [
      {
        name: 'Orders',
        title: 'Orders',
        measures: [{ name: 'Orders.count', title: 'Orders Count', shortTitle: 'Count', type: 'number' }],
        dimensions: [
          { name: 'Orders.status', title: 'Orders Status', shortTitle: 'Status', type: 'string' },
          { name: 'Orders.createdAt', title: 'Orders Created', shortTitle: 'Created', type: 'time' },
          { name: 'Orders.paid', title: 'Orders Paid', shortTitle: 'Paid', type: 'boolean' },
        ],
        segments: [],
      },
    ],
  } as unknown as MetaResponse);

  test('resolveMember finds members and explains misses', () => {
    expect(meta.resolveMember('Orders.count', 'measures')).toMatchObject({ title: 'Orders Count' });
    expect(meta.resolveMember('Orders.count', 'dimensions')).toEqual({
      title: 'Orders.count',
      error: "Path not found 'Orders.count'",
    });
    expect(meta.resolveMember('Users.count', 'measures')).toEqual({
      title: 'Users.count',
      error: "Cube not found Users for path 'Users.count'",
    });
  });

  test('defaultTimeDimensionNameFor returns the first time dimension of the cube', () => {
    expect(meta.defaultTimeDimensionNameFor('Orders.count')).toBe('Orders.createdAt');
    expect(meta.defaultTimeDimensionNameFor('Users.count')).toBeNull();
  });

  test('filterOperatorsForMember depends on the member type', () => {
    expect(meta.filterOperatorsForMember('Orders.count', 'measures').map((o) => o.name)).toContain('gt');
    expect(meta.filterOperatorsForMember('Orders.createdAt', 'dimensions').map((o) => o.name)).toContain(
      'inDateRange',
    );
    expect(meta.filterOperatorsForMember('Orders.paid', 'dimensions').map((o) => o.name)).toContain(
      'contains',
    );
    expect(meta.filterOperatorsForMember('Orders.nope', 'dimensions').map((o) => o.name)).toContain(
      'contains',
    );
  });

  test('membersForQuery sorts by title and membersGroupedByCube lists time dimensions apart', () => {
    expect(meta.membersForQuery(null, 'dimensions').map((m) => m.title)).toEqual([
      'Orders Created',
      'Orders Paid',
      'Orders Status',
    ]);
    const grouped = meta.membersGroupedByCube();
    expect(grouped.timeDimensions[0]?.members.map((m) => m.name)).toEqual(['Orders.createdAt']);
    expect(grouped.measures[0]?.cubeName).toBe('Orders');
  });
});
