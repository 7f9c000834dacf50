/** The query-builder utilities of `@cubejs-client/core`. */
export { aliasSeries } from './aliasSeries';
export { areQueriesEqual } from './areQueriesEqual';
export { defaultHeuristics } from './defaultHeuristics';
export { defaultOrder } from './defaultOrder';
export { flattenFilters } from './flattenFilters';
export { getOrderMembersFromOrder } from './getOrderMembersFromOrder';
export { getQueryMembers } from './getQueryMembers';
export { isQueryPresent } from './isQueryPresent';
export { moveItemInArray } from './moveItemInArray';
export { movePivotItem } from './movePivotItem';
export { removeEmptyQueryFields } from './removeEmptyQueryFields';
export { validateQuery } from './validateQuery';
export type * from './types';
