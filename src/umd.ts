/**
 * The script-tag build: the global `cubejs` is the factory itself, with the package's named exports
 * attached (`cubejs.fetchCubeToken`, `cubejs.ResultSet`, `cubejs.RequestError`, …), since a page
 * without a bundler has no other way to reach them.
 */
import * as api from './index';

const { default: factory, ...named } = api;

/** A fresh function object, so that attaching the exports changes nothing the ESM build shares. */
const scriptTagFactory: typeof factory = (...args: unknown[]) =>
  (factory as (...all: unknown[]) => ReturnType<typeof factory>)(...args);

export default Object.assign(scriptTagFactory, named);
