/**
 * Types of Cube's `/meta` response, as read by {@link Meta}.
 * @see https://cube.dev/docs/product/apis-integrations/rest-api/reference#base_pathv1meta
 */

/** Type of a cube member as `/meta` reports it. */
export type CubeMemberType = 'time' | 'number' | 'string' | 'boolean';

/** The member lists a cube has. */
export type MemberType = 'measures' | 'dimensions' | 'segments';

/** Fields every member has. */
export interface BaseCubeMember {
  name: string;
  title: string;
  shortTitle: string;
  type: CubeMemberType;
  description?: string;
  isVisible?: boolean;
  public?: boolean;
  meta?: unknown;
  aliasMember?: string;
}

/** A measure. */
export interface CubeMeasure extends BaseCubeMember {
  aggType?: string;
  cumulative?: boolean;
  cumulativeTotal?: boolean;
  drillMembers?: string[];
  drillMembersGrouped?: { measures: string[]; dimensions: string[] };
  format?: unknown;
  currency?: string;
}

/** A granularity a time dimension offers. */
export interface CubeTimeDimensionGranularity {
  name: string;
  title: string;
  interval?: string;
  offset?: string;
  origin?: string;
}

/** A dimension (time dimensions carry their granularities). */
export interface CubeDimension extends BaseCubeMember {
  primaryKey?: boolean;
  suggestFilterValues?: boolean;
  format?: unknown;
  currency?: string;
  key?: string;
  granularities?: CubeTimeDimensionGranularity[];
}

/** A segment. */
export type CubeSegment = Omit<BaseCubeMember, 'type'> & { type?: CubeMemberType };

/** Any member. */
export type CubeMember = CubeMeasure | CubeDimension | CubeSegment;

/** The member type behind a {@link MemberType}. */
export type CubeMemberByType<T extends MemberType> = T extends 'measures'
  ? CubeMeasure
  : T extends 'dimensions'
    ? CubeDimension
    : CubeSegment;

/** A cube or view. */
export interface Cube {
  name: string;
  title: string;
  description?: string;
  type?: 'view' | 'cube';
  isVisible?: boolean;
  public?: boolean;
  meta?: unknown;
  connectedComponent?: number;
  measures: CubeMeasure[];
  dimensions: CubeDimension[];
  segments: CubeSegment[];
  folders?: Array<{ name: string; members: string[] }>;
  nestedFolders?: Array<{ name: string; members: unknown[] }>;
  hierarchies?: Array<{ name: string; title?: string; levels: string[]; public?: boolean }>;
  [key: string]: unknown;
}

/** The `/meta` response body. */
export interface MetaResponse {
  cubes: Cube[];
  [key: string]: unknown;
}

/** Members of one cube, by name, per member type. */
export interface CubeMap {
  measures: Record<string, CubeMeasure>;
  dimensions: Record<string, CubeDimension>;
  segments: Record<string, CubeSegment>;
}

/** What {@link Meta.resolveMember} returns for an unknown member. */
export interface NotFoundMember {
  title: string;
  error: string;
}

/** A filter operator offered for a member type. */
export interface FilterOperator {
  name: string;
  title: string;
}

/** The members of one cube, in {@link Meta.membersGroupedByCube}. */
export interface CubeMemberWrapper<T> {
  cubeName: string;
  cubeTitle: string;
  type: 'view' | 'cube' | undefined;
  public: boolean | undefined;
  members: T[];
}

/** What {@link Meta.membersGroupedByCube} returns. */
export interface AggregatedMembers {
  measures: CubeMemberWrapper<CubeMeasure>[];
  dimensions: CubeMemberWrapper<CubeDimension>[];
  segments: CubeMemberWrapper<CubeSegment>[];
  timeDimensions: CubeMemberWrapper<CubeDimension>[];
}
