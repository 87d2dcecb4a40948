import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  reviewModeSchema,
  subjectEnrolled,
  templateAdded,
  TOPICS,
  watchlistCreated,
  watchlistExpired,
  type EventEnvelope,
  type PayloadOf,
} from '@sightline/contracts';
import { ReplayProgress } from '@sightline/messaging';
import type { Logger } from '@sightline/observability';
import { KAFKA, LOGGER } from '@sightline/service-kit';
import type { Kafka } from 'kafkajs';
import type { z } from 'zod';

type ReviewMode = z.infer<typeof reviewModeSchema>;

/** The facts an alert needs about the enrolment a face matched. */
export interface EnrolmentFacts {
  readonly reviewMode: ReviewMode;
  readonly photoReference: string;
  /** Who enrolled the subject: independence bars them from reviewing its alerts. */
  readonly enrolledBy: string;
  /** The earlier of the watchlist's authorised expiry and an explicit expiry event. */
  readonly watchlistExpiresAt: Date;
  readonly threshold: number;
}

interface WatchlistTerms {
  readonly reviewMode: ReviewMode;
  readonly expiresAt: Date;
  readonly threshold: number;
}

export interface WatchlistDirectoryOptions {
  /**
   * How long after start lookups wait for the replay. A gallery event that fails to decode is
   * dead-lettered before this directory sees it, so its partition may never look caught up here;
   * past this grace period the replay is taken as done.
   */
  readonly replayWaitMs: number;
  readonly pollMs: number;
}

const DEFAULT_OPTIONS: WatchlistDirectoryOptions = { replayWaitMs: 30_000, pollMs: 50 };
export const WATCHLIST_DIRECTORY_OPTIONS = Symbol('WATCHLIST_DIRECTORY_OPTIONS');

/**
 * What policy knows of the watchlists: each watchlist's review mode and each template's enrolment
 * photo reference. Built by replaying galleries.v1 at every start (bootstrapService `replays`),
 * then followed live. Holds no templates. References outlive template and subject removal on
 * purpose: an alert for a match made before the removal still needs its photo for review.
 */
@Injectable()
export class WatchlistDirectory implements OnModuleInit {
  private readonly watchlists = new Map<string, WatchlistTerms>();
  private readonly enrollers = new Map<string, string>();
  private readonly photoReferences = new Map<string, string>();
  private progress: ReplayProgress | undefined;
  private replayDeadline = Number.POSITIVE_INFINITY;
  private gaveUpWaiting = false;
  private readonly options: WatchlistDirectoryOptions;

  constructor(
    @Inject(KAFKA) private readonly kafka: Pick<Kafka, 'admin'>,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'warn'>,
    @Inject(WATCHLIST_DIRECTORY_OPTIONS) options: Partial<WatchlistDirectoryOptions> | null,
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /** The replay goal: every gallery event that exists before the consumer starts. */
  async onModuleInit(): Promise<void> {
    const topic = TOPICS.galleries.name;
    this.replayDeadline = Date.now() + this.options.replayWaitMs;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      this.progress = new ReplayProgress(offsets.map((offset) => ({ topic, ...offset })));
    } finally {
      await admin.disconnect();
    }
  }

  apply(event: EventEnvelope, partition: number, offset: string): void {
    switch (event.type) {
      case watchlistCreated.type: {
        const payload = event.payload as PayloadOf<typeof watchlistCreated>;
        this.watchlists.set(payload.watchlistId, {
          reviewMode: payload.reviewMode,
          expiresAt: new Date(payload.expiresAt),
          threshold: payload.threshold,
        });
        break;
      }
      case watchlistExpired.type: {
        const payload = event.payload as PayloadOf<typeof watchlistExpired>;
        const terms = this.watchlists.get(payload.watchlistId);
        const expiredAt = new Date(payload.expiredAt);
        if (terms && expiredAt < terms.expiresAt) {
          this.watchlists.set(payload.watchlistId, { ...terms, expiresAt: expiredAt });
        }
        break;
      }
      case subjectEnrolled.type: {
        const payload = event.payload as PayloadOf<typeof subjectEnrolled>;
        this.enrollers.set(subjectKey(payload.watchlistId, payload.subjectId), payload.enrolledBy);
        break;
      }
      case templateAdded.type: {
        const payload = event.payload as PayloadOf<typeof templateAdded>;
        this.photoReferences.set(
          templateKey(payload.watchlistId, payload.templateId),
          payload.photoReference,
        );
        break;
      }
      default:
        // Removals do not change what an alert needs (see class comment).
        break;
    }
    this.progress?.applied(TOPICS.galleries.name, partition, offset);
  }

  /**
   * The review mode and photo of a matched template, or undefined when the replayed gallery does
   * not know it. Waits for the start-up replay, because sightings are consumed alongside it.
   */
  async enrolmentOf(
    watchlistId: string,
    subjectId: string,
    templateId: string,
  ): Promise<EnrolmentFacts | undefined> {
    const known = this.lookup(watchlistId, subjectId, templateId);
    if (known) return known;
    await this.replayed();
    return this.lookup(watchlistId, subjectId, templateId);
  }

  private lookup(
    watchlistId: string,
    subjectId: string,
    templateId: string,
  ): EnrolmentFacts | undefined {
    const terms = this.watchlists.get(watchlistId);
    const photoReference = this.photoReferences.get(templateKey(watchlistId, templateId));
    const enrolledBy = this.enrollers.get(subjectKey(watchlistId, subjectId));
    if (!terms || !photoReference || !enrolledBy) return undefined;
    return {
      reviewMode: terms.reviewMode,
      photoReference,
      enrolledBy,
      watchlistExpiresAt: terms.expiresAt,
      threshold: terms.threshold,
    };
  }

  private async replayed(): Promise<void> {
    while (!this.gaveUpWaiting && !(this.progress?.caughtUp() ?? false)) {
      if (Date.now() > this.replayDeadline) {
        this.gaveUpWaiting = true;
        this.logger.warn(
          { detail: this.progress?.describe() ?? 'no replay goal' },
          'gallery replay not confirmed within the grace period; answering from what was applied',
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }
}

function subjectKey(watchlistId: string, subjectId: string): string {
  return `${watchlistId}/${subjectId}`;
}

function templateKey(watchlistId: string, templateId: string): string {
  return `${watchlistId}/${templateId}`;
}
