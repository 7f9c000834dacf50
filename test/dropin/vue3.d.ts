// @cubejs-client/vue3 ships no declarations; the suite uses its two components as Vue components.
declare module '@cubejs-client/vue3' {
  import type { Component } from 'vue';
  export const QueryBuilder: Component;
  export const QueryRenderer: Component;
}
