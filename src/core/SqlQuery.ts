/** The body of a `/sql` reply for one query. */
export interface SqlQueryResponse {
  sql: {
    sql: [string, unknown[]];
    [key: string]: unknown;
  };
}

/**
 * The SQL Cube generates for a query, as returned by `cubeApi.sql(query)`.
 *
 * @example
 * ```ts
 * const [sqlText, params] = (await cubeApi.sql(query)).rawQuery().sql;
 * ```
 */
export class SqlQuery {
  private readonly sqlQuery: SqlQueryResponse;

  constructor(sqlQuery: SqlQueryResponse) {
    this.sqlQuery = sqlQuery;
  }

  /** The whole `sql` object of the reply: SQL text with parameters, and query metadata. */
  rawQuery(): SqlQueryResponse['sql'] {
    return this.sqlQuery.sql;
  }

  /** The SQL text alone. */
  sql(): string {
    return this.rawQuery().sql[0];
  }
}
