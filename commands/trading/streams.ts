/**
 * Stream names of one trading namespace (a run, or the live account): every stream of a run
 * starts with `<namespace>:` so that runs never collide and one run's events are found by prefix.
 */
export class TradingStreams {
  constructor(readonly namespace: string) {
    if (!/^[A-Za-z0-9_.-]{1,60}$/.test(namespace))
      throw new Error(`namespace '${namespace}' must be 1-60 letters, digits, _ . or -`);
  }

  order(clientOrderId: string): string {
    return `${this.namespace}:order-${clientOrderId}`;
  }

  oco(groupId: string): string {
    return `${this.namespace}:oco-${groupId}`;
  }

  decision(planId: string): string {
    return `${this.namespace}:decision-${planId}`;
  }

  /** The session/control stream (mode, pause, kill switch, breaker): one per namespace, across days. */
  control(): string {
    return `${this.namespace}:control`;
  }

  /**
   * The groups opened on one IST trading day, each recorded before its first event: recovery reads it
   * by stream (never behind), where the global order may lag.
   */
  groupIndex(tradingDay: string): string {
    return `${this.namespace}:groups-${tradingDay}`;
  }

  /** The day's reconciliation passes that did or found something (ReconciliationCompleted). */
  reconciliation(tradingDay: string): string {
    return `${this.namespace}:reconcile-${tradingDay}`;
  }

  get orderPrefix(): string {
    return `${this.namespace}:order-`;
  }

  get ocoPrefix(): string {
    return `${this.namespace}:oco-`;
  }

  get decisionPrefix(): string {
    return `${this.namespace}:decision-`;
  }

  /** Everything of this namespace. */
  get prefix(): string {
    return `${this.namespace}:`;
  }
}
