/** Input an ID cannot be made from; the message says which and why. */
export class IdError extends Error {}
