// `@cubejs-client/core` resolves to this package's build, as `"@cubejs-client/core": "npm:cube-client"`
// would make it: `import` gets the ESM file, `require` the CommonJS one (what our `exports` say).
// DROPIN_OFFICIAL=1 keeps the published core, to tell whether a failure is the framework package's.
const path = require('node:path');

const dist = path.resolve(__dirname, '../../dist');

module.exports = (request, options) => {
  if (request === '@cubejs-client/core' && !process.env.DROPIN_OFFICIAL) {
    return path.join(dist, options.conditions?.includes('require') ? 'index.cjs' : 'index.js');
  }
  return options.defaultResolver(request, options);
};
