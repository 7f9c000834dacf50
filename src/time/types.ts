/** A SQL interval such as `'1 year 2 months'` or `'-3 days'`. */
export type SqlInterval = string;
