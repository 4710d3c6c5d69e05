/** A paper account as stored: the paper broker's whole book (plain JSON) and its version. */
export interface StoredPaperAccount {
  readonly snapshot: unknown;
  readonly version: number;
}

/**
 * The PAPER accounts (the paper broker's state) of the trader's books, one per namespace, shared
 * by every instance trading the book. Writes are whole and optimistic: `save` names the version it
 * read and is refused (StaleWriteError, nothing written) when another instance wrote since.
 */
export interface PaperAccounts {
  load(namespace: string): Promise<StoredPaperAccount | null>;
  /** Stores a new account at version 1; when one exists already, returns that one unchanged (`created` false). */
  create(namespace: string, snapshot: unknown): Promise<StoredPaperAccount & { readonly created: boolean }>;
  /** Replaces the account written at `expectedVersion`; returns the new version. */
  save(namespace: string, snapshot: unknown, expectedVersion: number): Promise<number>;
}
