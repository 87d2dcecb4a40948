import { z } from 'zod';

/**
 * The wire form of every Kafka message value (JSON). `proto/sightline/events/v1/envelope.proto`
 * describes the same shape for partners and archives.
 */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  /** ULID: unique and time-ordered, the idempotency key of every projection. */
  readonly id: string;
  readonly type: TType;
  readonly version: number;
  /** ISO-8601 instant the fact happened (not when it was published). */
  readonly occurredAt: string;
  /** The service that produced it. */
  readonly source: string;
  /** Follows one frame all the way to an alert. */
  readonly correlationId: string;
  readonly cameraId?: string;
  readonly payload: TPayload;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const envelopeSchema = z.object({
  id: z.string().regex(ULID, 'id must be a ULID'),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  source: z.string().min(1),
  correlationId: z.string().min(1),
  cameraId: z.string().min(1).optional(),
  payload: z.unknown(),
});
