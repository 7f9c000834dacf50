/** The time helpers of `@cubejs-client/core`, on {@link WallClockDate} instead of dayjs. */
export {
  DateRegex,
  LocalDateRegex,
  isPredefinedGranularity,
  parseSqlInterval,
  type Granularity,
  type ParsedInterval,
} from '../result/time';
export * from './granularities';
export * from './intervals';
export * from './dayRange';
export { internalDayjs, WallClockDate, type DateInput, type Instant } from './WallClockDate';
export type { SqlInterval } from './types';
