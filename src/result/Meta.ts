import type { Query } from '../types/query';
import type {
  AggregatedMembers,
  Cube,
  CubeDimension,
  CubeMap,
  CubeMember,
  CubeMemberByType,
  FilterOperator,
  MemberType,
  MetaResponse,
  NotFoundMember,
} from '../types/meta';

const STRING_OPERATORS: FilterOperator[] = [
  { name: 'contains', title: 'contains' },
  { name: 'notContains', title: 'does not contain' },
  { name: 'equals', title: 'equals' },
  { name: 'notEquals', title: 'does not equal' },
  { name: 'set', title: 'is set' },
  { name: 'notSet', title: 'is not set' },
  { name: 'startsWith', title: 'starts with' },
  { name: 'notStartsWith', title: 'does not start with' },
  { name: 'endsWith', title: 'ends with' },
  { name: 'notEndsWith', title: 'does not end with' },
];

const OPERATORS: Record<string, FilterOperator[]> = {
  string: STRING_OPERATORS,
  number: [
    { name: 'equals', title: 'equals' },
    { name: 'notEquals', title: 'does not equal' },
    { name: 'set', title: 'is set' },
    { name: 'notSet', title: 'is not set' },
    { name: 'gt', title: '>' },
    { name: 'gte', title: '>=' },
    { name: 'lt', title: '<' },
    { name: 'lte', title: '<=' },
  ],
  time: [
    { name: 'equals', title: 'equals' },
    { name: 'notEquals', title: 'does not equal' },
    { name: 'inDateRange', title: 'in date range' },
    { name: 'notInDateRange', title: 'not in date range' },
    { name: 'afterDate', title: 'after date' },
    { name: 'afterOrOnDate', title: 'after or on date' },
    { name: 'beforeDate', title: 'before date' },
    { name: 'beforeOrOnDate', title: 'before or on date' },
  ],
};

function byName<M extends { name: string }>(members: M[]): Record<string, M> {
  const out: Record<string, M> = {};
  for (const m of members) out[m.name] = m;
  return out;
}

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
    const cubesMap: Record<string, CubeMap> = {};
    for (const c of this.cubes) {
      cubesMap[c.name] = {
        measures: byName(c.measures),
        dimensions: byName(c.dimensions),
        segments: byName(c.segments),
      };
    }
    this.cubesMap = cubesMap;
  }

  /**
   * Every member of one type across all cubes, sorted by title. The query argument is accepted for
   * compatibility and does not filter.
   */
  membersForQuery<K extends MemberType>(_query: Query | null, memberType: K): CubeMemberByType<K>[] {
    const members: CubeMemberByType<K>[] = [];
    for (const c of this.cubes) {
      const list = c[memberType] as unknown;
      if (Array.isArray(list)) members.push(...(list as CubeMemberByType<K>[]));
      else members.push(list as CubeMemberByType<K>);
    }
    // The comparator never answers "equal", so ties keep whatever order the engine's sort leaves.
    return members.sort((a, b) => (a.title > b.title ? 1 : -1));
  }

  /** Members of each cube, grouped per member type (time dimensions listed separately as well). */
  membersGroupedByCube(): AggregatedMembers {
    const grouped: AggregatedMembers = { measures: [], dimensions: [], segments: [], timeDimensions: [] };
    for (const cube of this.cubes) {
      const head = { cubeName: cube.name, cubeTitle: cube.title, type: cube.type, public: cube.public };
      grouped.measures.push({ ...head, members: cube.measures || [] });
      grouped.dimensions.push({ ...head, members: cube.dimensions || [] });
      grouped.segments.push({ ...head, members: cube.segments || [] });
      grouped.timeDimensions.push({ ...head, members: cube.dimensions.filter((m) => m.type === 'time') });
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
