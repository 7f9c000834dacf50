// jsdom with Node's networking and stream globals, for the framework suites (React, Vue, Svelte).
//
// jsdom has no fetch, and its AbortSignal, Blob and streams are its own classes, which Node's
// fetch (and msw, which intercepts it) refuse. The tests run React in jsdom but talk to msw's
// fake Cube through Node's fetch, so those globals are taken from Node as one consistent set.
// msw/node is published under the `node`/`import` conditions only; jsdom's default `browser`
// condition would resolve it to nothing, hence the empty condition. Node's MessageChannel is
// left out on purpose: React's scheduler would use it, and its open port keeps Jest from exiting.
const { TestEnvironment } = require('jest-environment-jsdom');

const FROM_NODE = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'Blob',
  'File',
  'AbortController',
  'AbortSignal',
  'TextEncoder',
  'TextDecoder',
  'TextEncoderStream',
  'TextDecoderStream',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'BroadcastChannel',
  'structuredClone',
];

class NodeFetchJsdomEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of FROM_NODE) {
      if (globalThis[name] !== undefined) this.global[name] = globalThis[name];
    }
    this.customExportConditions = [''];
  }
}

module.exports = NodeFetchJsdomEnvironment;
