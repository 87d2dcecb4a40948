/**
 * Where delivering one alert to one endpoint stands. A redelivered alert reads it to skip
 * endpoints that already have the alert and to continue the attempt count where it stopped.
 */
export interface Delivery {
  /** The idempotency key, `<alertId>:<target hash>`. */
  readonly id: string;
  readonly alertId: string;
  readonly channel: 'webhook';
  /** The URL without query or credentials. */
  readonly target: string;
  /** 'retrying' between attempts; the other two are final. */
  readonly status: 'retrying' | 'delivered' | 'dead-lettered';
  readonly attempts: number;
  readonly lastError?: string;
  readonly updatedAt: Date;
}
