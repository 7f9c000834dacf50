/** The body of a "Continue wait" reply: how far the server is with a slow query. */
export interface ProgressResponse {
  error: string;
  stage?: string;
  timeElapsed?: number;
}

/**
 * Passed to `progressCallback` on every "Continue wait" reply while Cube is still computing a
 * query; same shape as the published client's `ProgressResult`.
 *
 * @example
 * ```ts
 * await cubeApi.load(query, { progressCallback: (p) => console.log(p.stage(), p.timeElapsed()) });
 * ```
 */
export class ProgressResult {
  /** The raw "Continue wait" body. */
  readonly progressResponse: ProgressResponse;

  constructor(progressResponse: ProgressResponse) {
    this.progressResponse = progressResponse;
  }

  /** What the server is doing, e.g. `'Executing query'`. */
  stage(): string | undefined {
    return this.progressResponse.stage;
  }

  /** Milliseconds the query has been running on the server. */
  timeElapsed(): number | undefined {
    return this.progressResponse.timeElapsed;
  }
}
