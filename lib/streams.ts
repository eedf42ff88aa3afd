/**
 * The same byte stream, calling `done` once when it ends, fails or is cancelled by the
 * reader (the browser went away) — for resources held while a response streams.
 */
export function releaseWhenDone(
  body: ReadableStream<Uint8Array> | null,
  done: () => Promise<void> | void,
): ReadableStream<Uint8Array> | null {
  if (!body) {
    void done();
    return null;
  }
  const reader = body.getReader();
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    void done();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: end, value } = await reader.read();
        if (end) {
          controller.close();
          finish();
        } else controller.enqueue(value);
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
}
