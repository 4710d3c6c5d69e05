/** Runs async work one piece at a time, in the order asked (ticks, bars and scans never interleave). */
export function serialQueue(onError: (err: unknown) => void): <T>(work: () => Promise<T>) => Promise<T | undefined> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work).catch((err) => {
      onError(err);
      return undefined;
    });
    tail = run;
    return run;
  };
}
