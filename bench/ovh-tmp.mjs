import { measureOverhead } from './overhead.mjs';
import { startLoopback } from './lib/loopback.mjs';
import { loadOwnClient } from './lib/build.mjs';
const own = (await loadOwnClient()).default;
const published = (await import('@cubejs-client/core')).default;
const loopback = await startLoopback();
const o = await measureOverhead({ ownClient: own, publishedClient: published, loopback, quick: false });
console.log(JSON.stringify(o.ratios), JSON.stringify(o.sequentialMs), JSON.stringify(o.concurrentMs));
loopback.stop();
