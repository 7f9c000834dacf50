/**
 * The chunks of a streamed reply body, as an async iterable; `done` runs when the iteration ends
 * (finished, failed, or left early by the consumer), which also releases the body; a failed read
 * is thrown as `fail` names it.
 */
export async function* readChunks(
  body: ReadableStream<Uint8Array>,
  done: () => void,
  fail: (cause: unknown) => Error,
): AsyncIterable<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const read = await reader.read().catch((cause: unknown) => {
        throw fail(cause);
      });
      if (read.done) return;
      if (read.value) yield read.value;
    }
  } finally {
    done();
    // A consumer that stops early must not leave the connection open.
    void reader.cancel().catch(() => undefined);
  }
}
