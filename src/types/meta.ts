/* eslint-disable @typescript-eslint/no-explicit-any -- `meta` and the drill members are `any` in the
   published client's types; code typed against it reads them freely, so they are `any` here too. */
/**
 * Types of Cube's `/meta` response and of member formats, named and shaped as in
 * `@cubejs-client/core`'s `.d.ts`, so code typed against it compiles here.
 * @see https://cube.dev/docs/product/apis-integrations/rest-api/reference#base_pathv1meta
 */
import type { MemberType } from './query';

/** A time dimension's custom format (a strftime-style pattern). */
export type DimensionCustomTimeFormat = { type: 'custom-time'; value: string };

/** A custom d3-style numeric format. */
export type CustomNumericFormat = { type: 'custom-numeric'; value: string; alias?: string };

/** A dimension shown as a link with a label. */
export type DimensionLinkFormat = { type: 'link'; label: string };

type NamedPrecision = 0 | 1 | 2 | 3 | 4 | 5 | 6;
type FormatBaseName = 'number' | 'percent' | 'currency' | 'abbr' | 'accounting';
type FormatDescriptionName = 'custom' | 'id' | FormatBaseName | `${FormatBaseName}_${NamedPrecision}`;
type NamedNumericFormatName =
  | `${'number' | 'percent' | 'currency' | 'decimal' | 'abbr' | 'accounting'}_${NamedPrecision}`
  | 'decimal'
  | 'abbr'
  | 'accounting';

/** The `format` of a dimension. */
export type DimensionFormat =
  | 'percent'
  | 'currency'
  | 'number'
  | 'imageUrl'
  | 'id'
  | 'link'
  | NamedNumericFormatName
  | DimensionLinkFormat
  | DimensionCustomTimeFormat
  | CustomNumericFormat;

/** The `format` of a measure. */
export type MeasureFormat = 'percent' | 'currency' | 'number' | NamedNumericFormatName | CustomNumericFormat;

/** A format resolved by Cube into a name and a d3-format specifier. */
export type FormatDescription = {
  name: FormatDescriptionName;
  specifier: string;
  currency?: string;
};

/** Type of a cube member as `/meta` reports it. */
export type TCubeMemberType = 'time' | 'number' | 'string' | 'boolean';

/** Fields every member has. */
export type TCubeMember = {
  type: TCubeMemberType;
  name: string;
  title: string;
  shortTitle: string;
  description?: string;
  isVisible?: boolean;
  public?: boolean;
  meta?: any;
};

/** Fields every member has, plus the member it aliases in a view. */
export type BaseCubeMember = TCubeMember & { aliasMember?: string };

/** A measure. */
export type TCubeMeasure = BaseCubeMember & {
  aggType: 'count' | 'number';
  cumulative: boolean;
  cumulativeTotal: boolean;
  drillMembers: string[];
  drillMembersGrouped: { measures: string[]; dimensions: string[] };
  format?: 'currency' | 'percent';
  currency?: string;
};

/** A granularity a time dimension offers (custom ones also carry their definition). */
export type CubeTimeDimensionGranularity = {
  name: string;
  title: string;
  interval?: string;
  offset?: string;
  origin?: string;
};

/** Fields every dimension has. */
export type BaseCubeDimension = BaseCubeMember & {
  primaryKey?: boolean;
  suggestFilterValues: boolean;
  format?: DimensionFormat;
  currency?: string;
  key?: string;
};

/** A time dimension, with its granularities. */
export type CubeTimeDimension = BaseCubeDimension & {
  type: 'time';
  granularities?: CubeTimeDimensionGranularity[];
};

/** A dimension. */
export type TCubeDimension =
  (BaseCubeDimension & { type: Exclude<BaseCubeDimension['type'], 'time'> }) | CubeTimeDimension;

/** A segment. */
export type TCubeSegment = Omit<BaseCubeMember, 'type'>;

/** Any member. */
export type CubeMember = TCubeMeasure | TCubeDimension | TCubeSegment;

/** The member type behind a {@link MemberType}. */
export type TCubeMemberByType<T> = T extends 'measures'
  ? TCubeMeasure
  : T extends 'dimensions'
    ? TCubeDimension
    : T extends 'segments'
      ? TCubeSegment
      : never;

/** What {@link Meta.resolveMember} returns for an unknown member. */
export type NotFoundMember = { title: string; error: string };

/** A folder of members, as defined in a view. */
export type TCubeFolder = { name: string; members: string[] };

/** A folder that may hold folders. */
export type TCubeNestedFolder = { name: string; members: (string | TCubeNestedFolder)[] };

/** A hierarchy of dimensions. */
export type TCubeHierarchy = { name: string; title?: string; levels: string[]; public?: boolean };

/** A cube or view. */
export type Cube = {
  name: string;
  title: string;
  description?: string;
  measures: TCubeMeasure[];
  dimensions: TCubeDimension[];
  segments: TCubeSegment[];
  folders: TCubeFolder[];
  nestedFolders: TCubeNestedFolder[];
  hierarchies: TCubeHierarchy[];
  connectedComponent?: number;
  type?: 'view' | 'cube';
  isVisible?: boolean;
  public?: boolean;
  meta?: any;
  viewGroups?: string[];
};

/** Members of one cube, by full name, per member type. */
export type CubeMap = {
  measures: Record<string, TCubeMeasure>;
  dimensions: Record<string, TCubeDimension>;
  segments: Record<string, TCubeSegment>;
};

/** {@link CubeMap} of every cube, by cube name. */
export type CubesMap = Record<string, CubeMap>;

/** A group of views, as `/meta` lists them. */
export type ViewGroup = {
  name: string;
  title?: string;
  description?: string;
  views: string[];
  includes?: (string | ViewGroup)[];
};

/** The `/meta` response body. */
export type MetaResponse = {
  cubes: Cube[];
  viewGroups?: ViewGroup[];
};

/** A filter operator offered for a member type. */
export type FilterOperator = { name: string; title: string };

/** The members of one cube, in {@link Meta.membersGroupedByCube}. */
export interface CubeMemberWrapper<T> {
  cubeName: string;
  cubeTitle: string;
  type: 'view' | 'cube';
  public: boolean;
  members: T[];
}

/** What {@link Meta.membersGroupedByCube} returns. */
export type AggregatedMembers = {
  measures: CubeMemberWrapper<TCubeMeasure>[];
  dimensions: CubeMemberWrapper<TCubeDimension>[];
  segments: CubeMemberWrapper<TCubeSegment>[];
  timeDimensions: CubeMemberWrapper<TCubeDimension>[];
};

/** Same as {@link TCubeMemberType} (this package's earlier name). */
export type CubeMemberType = TCubeMemberType;
/** Same as {@link TCubeMeasure} (this package's earlier name). */
export type CubeMeasure = TCubeMeasure;
/** Same as {@link TCubeDimension} (this package's earlier name). */
export type CubeDimension = TCubeDimension;
/** Same as {@link TCubeSegment} (this package's earlier name). */
export type CubeSegment = TCubeSegment;
/** Same as {@link TCubeMemberByType} (this package's earlier name). */
export type CubeMemberByType<T extends MemberType> = TCubeMemberByType<T>;
