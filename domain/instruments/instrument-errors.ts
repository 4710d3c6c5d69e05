/** An instrument that cannot be built or used; the message says which and why. */
export class InstrumentError extends Error {}

/** A lookup of an instrument the master does not hold. */
export class UnknownInstrumentError extends InstrumentError {}
