/**
 * A versioned write named a version older than the stored one: another writer (another instance
 * on the same book) wrote in between. The write changed nothing; the writer must reload.
 */
export class StaleWriteError extends Error {
  constructor(
    readonly what: string,
    readonly expectedVersion: number,
    /** The stored version, or null when the row is gone. */
    readonly actualVersion: number | null,
  ) {
    super(
      `${what}: written at version ${expectedVersion}, but it is at ${actualVersion === null ? 'nothing' : actualVersion} (another instance wrote it): refused`,
    );
    this.name = 'StaleWriteError';
  }
}
