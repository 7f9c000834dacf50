/**
 * The script-tag build: the global `cubejs` is the factory itself, with the package's named exports
 * attached (`cubejs.fetchCubeToken`, `cubejs.ResultSet`, `cubejs.RequestError`, …), since a page
 * without a bundler has no other way to reach them.
 */
import * as api from './index';

const { default: factory, ...named } = api;
const cubejs: typeof factory & Omit<typeof api, 'default'> = Object.assign(
  (...args: Parameters<typeof factory>) => factory(...(args as [never, never])),
  named,
);

export default cubejs;
