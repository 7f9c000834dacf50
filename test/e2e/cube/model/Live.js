// For the real-time suites: rows are inserted while a client is subscribed, and the one-second
// refresh key lets Cube see them at its next subscription run. Each test filters on a channel
// of its own, so suites never see each other's rows.
cube(`Live`, {
  sql: `SELECT * FROM public.live_events`,

  refreshKey: {
    every: `1 second`,
  },

  measures: {
    count: {
      type: `count`,
    },
    total: {
      sql: `amount`,
      type: `sum`,
    },
  },

  dimensions: {
    id: {
      sql: `id`,
      type: `number`,
      primaryKey: true,
    },
    channel: {
      sql: `channel`,
      type: `string`,
    },
  },
});
