import type { DeeplyReadonly, MemberType, Query } from '../types/query';
import type {
  AggregatedMembers,
  Cube,
  CubeDimension,
  CubeMap,
  CubeMember,
  CubeMemberByType,
  FilterOperator,
  MetaResponse,
  NotFoundMember,
} from '../types/meta';

/** Filter operators from `name: title` pairs. */
const operators = (titles: Record<string, string>): FilterOperator[] =>
  Object.entries(titles).map(([name, title]) => ({ name, title }));

const EQUALS = { equals: 'equals', notEquals: 'does not equal' };
const SET = { set: 'is set', notSet: 'is not set' };

const STRING_OPERATORS = operators({
  contains: 'contains',
  notContains: 'does not contain',
  ...EQUALS,
  ...SET,
  startsWith: 'starts with',
  notStartsWith: 'does not start with',
  endsWith: 'ends with',
  notEndsWith: 'does not end with',
});

const OPERATORS: Record<string, FilterOperator[]> = {
  string: STRING_OPERATORS,
  number: operators({ ...EQUALS, ...SET, gt: '>', gte: '>=', lt: '<', lte: '<=' }),
  time: operators({
    ...EQUALS,
    inDateRange: 'in date range',
    notInDateRange: 'not in date range',
    afterDate: 'after date',
    afterOrOnDate: 'after or on date',
    beforeDate: 'before date',
    beforeOrOnDate: 'before or on date',
  }),
};

/** Members by name. */
const byName = <M extends { name: string }>(members: M[]): Record<string, M> =>
  Object.fromEntries(members.map((m) => [m.name, m]));

/**
 * The cubes and views a Cube deployment exposes (the `/meta` response), with lookups by member name.
 *
 * @example
 * ```ts
 * const meta = await cubeApi.meta();
 * meta.resolveMember('Orders.count', 'measures').title; // 'Orders Count'
 * ```
 */
export class Meta {
  /** The `/meta` response as received. */
  readonly meta: MetaResponse;
  /** Its cubes and views. */
  readonly cubes: Cube[];
  /** Members of each cube by full name, per member type. */
  readonly cubesMap: Record<string, CubeMap>;

  constructor(metaResponse: MetaResponse) {
    this.meta = metaResponse;
    this.cubes = metaResponse.cubes;
    this.cubesMap = Object.fromEntries(
      this.cubes.map((c) => [
        c.name,
        { measures: byName(c.measures), dimensions: byName(c.dimensions), segments: byName(c.segments) },
      ]),
    );
  }

  /**
   * Every member of one type across all cubes, sorted by title. The query argument is accepted for
   * compatibility and does not filter.
   */
  membersForQuery<K extends MemberType>(
    _query: DeeplyReadonly<Query> | null,
    memberType: K,
  ): CubeMemberByType<K>[] {
    const members = this.cubes.map((c) => c[memberType] as unknown).flat() as CubeMemberByType<K>[];
    // The comparator never answers "equal", so ties keep whatever order the engine's sort leaves.
    return members.sort((a, b) => (a.title > b.title ? 1 : -1));
  }

  /** Members of each cube, grouped per member type (time dimensions listed separately as well). */
  membersGroupedByCube(): AggregatedMembers {
    const grouped: AggregatedMembers = { measures: [], dimensions: [], segments: [], timeDimensions: [] };
    for (const cube of this.cubes) {
      const head = { cubeName: cube.name, cubeTitle: cube.title, type: cube.type, public: cube.public };
      const members = {
        measures: cube.measures || [],
        dimensions: cube.dimensions || [],
        segments: cube.segments || [],
        timeDimensions: cube.dimensions.filter((m) => m.type === 'time'),
      };
      for (const type of Object.keys(members) as Array<keyof typeof members>) {
        (grouped[type] as unknown[]).push({ ...head, members: members[type] });
      }
    }
    return grouped;
  }

  /**
   * Looks a member up by full name among the given member types; an object with `error` when the
   * cube or the member does not exist.
   *
   * @example
   * ```ts
   * meta.resolveMember('Orders.status', ['dimensions', 'measures']);
   * ```
   */
  resolveMember<K extends MemberType>(
    memberName: string,
    memberType: K | K[],
  ): CubeMemberByType<K> | NotFoundMember {
    const [cube] = memberName.split('.') as [string];
    const members = this.cubesMap[cube];
    if (!members) return { title: memberName, error: `Cube not found ${cube} for path '${memberName}'` };
    const types = Array.isArray(memberType) ? memberType : [memberType];
    for (const type of types) {
      const found = members[type] && (members[type][memberName] as CubeMemberByType<K> | undefined);
      if (found) return found;
    }
    return { title: memberName, error: `Path not found '${memberName}'` };
  }

  /** The first time dimension of the member's cube: `null` for an unknown cube, `undefined` for none. */
  defaultTimeDimensionNameFor(memberName: string): string | null | undefined {
    const [cube] = memberName.split('.') as [string];
    const members = this.cubesMap[cube];
    if (!members) return null;
    const dimensions: Record<string, CubeDimension> = members.dimensions || {};
    return Object.keys(dimensions).find((d) => dimensions[d]?.type === 'time');
  }

  /** The filter operators that apply to a member's type (string operators when unknown). */
  filterOperatorsForMember(memberName: string, memberType: MemberType | MemberType[]): FilterOperator[] {
    const member: CubeMember | NotFoundMember = this.resolveMember(memberName, memberType);
    if ('error' in member || !('type' in member) || member.type === 'boolean') return STRING_OPERATORS;
    return OPERATORS[member.type as string] || STRING_OPERATORS;
  }
}

export default Meta;
