/**
 * `cube-client/format`: show member values the way Cube's tools do, with the output of
 * `@cubejs-client/core/format`. Numbers, currencies, percentages, ids and the data model's named
 * and custom formats go through `d3-format`; dates through our own small formatter of
 * d3-time-format's directives. Both stay in this entry: `import cubejs from 'cube-client'` never
 * carries them.
 *
 * @packageDocumentation
 */
export { formatValue } from './formatValue';
export { getFormat } from './getFormat';
export { formatDateByGranularity } from './formatDateByGranularity';
export type { FormatValueMember, FormatValueOptions, GetFormatOptions, GetFormatResult } from './types';
export type {
  CustomNumericFormat,
  DimensionCustomTimeFormat,
  DimensionFormat,
  DimensionLinkFormat,
  MeasureFormat,
} from '../types/meta';
