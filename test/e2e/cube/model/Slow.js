// Every query on this cube takes about three seconds in PostgreSQL, which is longer than the
// server's one-second continueWaitTimeout, so clients see several "Continue wait" answers
// before the data. Tests add a filter with a fresh value to get a new SQL text (and so a
// cache miss) each time.
cube(`Slow`, {
  sql: `SELECT 1 AS id, 'done'::text AS label, 42 AS answer FROM (SELECT pg_sleep(3)) AS nap`,

  measures: {
    count: {
      type: `count`,
    },
    answer: {
      sql: `answer`,
      type: `max`,
    },
  },

  dimensions: {
    id: {
      sql: `id`,
      type: `number`,
      primaryKey: true,
    },
    label: {
      sql: `label`,
      type: `string`,
    },
  },
});
