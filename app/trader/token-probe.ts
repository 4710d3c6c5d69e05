/**
 * Asks Kite, now and then, whether the day's access token still works. In PAPER nothing else may
 * call Kite's REST API for hours, so an expired token (about 06:00 IST, or a logout) would only
 * show as a silent ticker. The probe is a cheap read (positions): a TokenException answer reaches
 * the session keeper through the client's expiry hook, which holds new entries and makes the
 * process not ready until a new login. Poked at once when the ticker reports trouble (Kite cuts
 * the socket of an expired token), at most every `minGapMs`, and otherwise every `everyMs`.
 */
export interface TokenProbeOptions {
  /** One read from Kite with the token in use (its TokenException is reported by the client). */
  readonly probe: () => Promise<unknown>;
  /** Whether the keeper holds a token it believes works (nothing to ask otherwise). */
  readonly working: () => boolean;
  readonly everyMs: number;
  readonly minGapMs: number;
  readonly onError?: (err: unknown) => void;
}

export class TokenProbe {
  private timer: NodeJS.Timeout | null = null;
  private lastMs = 0;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly o: TokenProbeOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.poke(), this.o.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Asks now unless a probe is running or ran less than `minGapMs` ago; resolves when it is answered. */
  poke(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this.o.working() || Date.now() - this.lastMs < this.o.minGapMs) return Promise.resolve();
    this.lastMs = Date.now();
    this.inFlight = this.o
      .probe()
      .then(
        () => undefined,
        (err: unknown) => this.o.onError?.(err),
      )
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }
}
