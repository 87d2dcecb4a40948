/** Where on Kafka the alert being handled came from, for dead-letter headers. */
export interface MessageOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}
