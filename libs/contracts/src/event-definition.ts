import type { z } from 'zod';

/** Turns the payload of version `from` into the payload of version `from + 1`. */
export type Upcaster = (payload: unknown) => unknown;

/**
 * One event type at its current version. Older versions found in a topic are upcast step by step
 * when read, so the stored log is never rewritten.
 */
export interface EventDefinition<
  TType extends string = string,
  TSchema extends z.ZodType = z.ZodType,
> {
  readonly type: TType;
  readonly version: number;
  readonly schema: TSchema;
  /** `upcasters[v]` lifts a version-v payload to v+1. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TType, TSchema>,
): EventDefinition<TType, TSchema> {
  return definition;
}

export type PayloadOf<D> = D extends EventDefinition<string, infer S> ? z.infer<S> : never;
