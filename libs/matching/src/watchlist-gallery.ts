import {
  assertUnreachable,
  DomainError,
  ErrorCode,
  type PayloadOf,
  type subjectEnrolled,
  type watchlistCreated,
} from '@sightline/contracts';
import { AnnEngine } from './ann-engine';
import { BinaryScanEngine } from './binary-scan-engine';
import { DEFAULT_ENGINE_POLICY, engineKindFor, type EnginePolicy } from './engine-policy';
import { ExactEngine } from './exact-engine';
import type { Candidate, WatchlistMatches } from './match-result';
import type { SearchEngine } from './search-engine';
import { TemplateStore } from './template-store';

export type WatchlistInfo = PayloadOf<typeof watchlistCreated>;
export type SubjectInfo = PayloadOf<typeof subjectEnrolled>;

export interface TemplateEntry {
  readonly templateId: string;
  readonly subjectId: string;
  readonly seq: number;
  slot: number;
}

/** One watchlist: its metadata, its subjects and its templates in a store behind an engine. */
export class WatchlistGallery {
  readonly subjects = new Map<string, SubjectInfo>();
  readonly templates = new Map<string, TemplateEntry>();
  private readonly templatesOfSubject = new Map<string, Set<string>>();
  /** slot -> template, so an engine hit becomes a candidate without a search. */
  private bySlot: (TemplateEntry | undefined)[] = [];
  private readonly expiresAtMs: number;
  private engine: SearchEngine;

  constructor(
    readonly info: WatchlistInfo,
    readonly store: TemplateStore,
    private readonly policy: EnginePolicy = DEFAULT_ENGINE_POLICY,
  ) {
    this.expiresAtMs = Date.parse(info.expiresAt);
    this.engine = new ExactEngine(store);
  }

  get engineKind(): SearchEngine['kind'] {
    return this.engine.kind;
  }

  get indexBytes(): number {
    return this.engine.indexBytes;
  }

  isExpiredAt(now: Date): boolean {
    return now.getTime() >= this.expiresAtMs;
  }

  servesZone(zone: string | undefined): boolean {
    return zone === undefined || this.info.zones.includes(zone);
  }

  enrol(subject: SubjectInfo): void {
    // Redelivery of the same enrolment is a no-op; the first one wins.
    if (!this.subjects.has(subject.subjectId)) this.subjects.set(subject.subjectId, subject);
  }

  /** A template for a subject that is not enrolled is a Conflict, on every shard alike. */
  assertEnrolled(subjectId: string, templateId: string): void {
    if (!this.subjects.has(subjectId)) {
      throw this.conflict(`subject ${subjectId} is not enrolled`, { subjectId, templateId });
    }
  }

  /** Returns false for a redelivery, which changes nothing. */
  addTemplate(templateId: string, subjectId: string, vector: Float32Array, seq: number): boolean {
    this.assertEnrolled(subjectId, templateId);
    const existing = this.templates.get(templateId);
    if (existing) {
      if (existing.subjectId === subjectId) return false;
      throw this.conflict(`template ${templateId} already belongs to another subject`, {
        subjectId,
        templateId,
      });
    }
    const slot = this.store.append(vector);
    this.track({ templateId, subjectId, seq, slot });
    this.engine.add(slot);
    // Cheap enough to do on the event path (one encode per template); the graph is not.
    if (
      this.engine.kind === 'exact' &&
      engineKindFor(this.store.liveCount, this.policy) === 'binary'
    )
      this.engine = BinaryScanEngine.build(this.store, this.policy.binary);
    return true;
  }

  /** Adds a row restored from a snapshot whose engine is attached afterwards. */
  restoreTemplate(entry: TemplateEntry): void {
    this.track(entry);
  }

  removeTemplate(templateId: string): void {
    const entry = this.templates.get(templateId);
    if (!entry) return; // already gone: removal is idempotent
    this.templates.delete(templateId);
    this.templatesOfSubject.get(entry.subjectId)?.delete(templateId);
    this.bySlot[entry.slot] = undefined;
    this.store.kill(entry.slot);
    this.engine.remove(entry.slot);
    // A graph would have to be rebuilt after compaction, so only optimise() compacts one.
    if (this.engine.kind !== 'ann' && this.hasTooManyDead()) this.compact();
  }

  removeSubject(subjectId: string): void {
    for (const templateId of [...(this.templatesOfSubject.get(subjectId) ?? [])]) {
      this.removeTemplate(templateId);
    }
    this.templatesOfSubject.delete(subjectId);
    this.subjects.delete(subjectId);
  }

  /** Still live and still the same addition: the result-time check for in-flight probes. */
  holds(candidate: Candidate): boolean {
    const entry = this.templates.get(candidate.templateId);
    return entry !== undefined && entry.seq === candidate.templateSeq;
  }

  search(probe: Float32Array, k: number): WatchlistMatches | undefined {
    const hits = this.engine.search(probe, k, this.info.threshold);
    const candidates: Candidate[] = [];
    for (const hit of hits) {
      const entry = this.bySlot[hit.slot];
      if (!entry) continue;
      candidates.push({
        subjectId: entry.subjectId,
        templateId: entry.templateId,
        score: hit.score,
        templateSeq: entry.seq,
      });
    }
    if (candidates.length === 0) return undefined;
    return {
      watchlistId: this.info.watchlistId,
      threshold: this.info.threshold,
      engine: this.engine.kind,
      candidates,
    };
  }

  /**
   * Brings the engine in line with the policy: compacts when too many rows are dead, then picks the
   * scan, the code scan or (re)builds the HNSW graph. A graph build is expensive for large
   * galleries, so the caller chooses when.
   */
  optimise(): void {
    const wanted = engineKindFor(this.store.liveCount, this.policy);
    const tooManyDead = this.hasTooManyDead();
    if (tooManyDead) this.compact();
    if (wanted === this.engine.kind && !(wanted === 'ann' && tooManyDead)) return;
    switch (wanted) {
      case 'exact':
        this.engine = new ExactEngine(this.store);
        return;
      case 'binary':
        this.engine = BinaryScanEngine.build(this.store, this.policy.binary);
        return;
      case 'ann':
        this.engine = AnnEngine.build(this.store, this.policy.ann);
        return;
      default:
        assertUnreachable(wanted);
    }
  }

  attachEngine(engine: SearchEngine): void {
    this.engine = engine;
  }

  /** The current engine when it is an HNSW graph over a store with no dead rows (safe to save). */
  savableAnn(): AnnEngine | undefined {
    return this.engine instanceof AnnEngine && this.store.deadCount === 0 ? this.engine : undefined;
  }

  /** Templates in slot order: the order of the store's packed live rows. */
  templatesInSlotOrder(): TemplateEntry[] {
    return this.bySlot.filter((entry): entry is TemplateEntry => entry !== undefined);
  }

  private compact(): void {
    const remap = this.store.compact();
    // Walk the old slot order so the new array is filled densely, front to back.
    const bySlot: TemplateEntry[] = [];
    for (const entry of this.bySlot) {
      if (!entry) continue;
      entry.slot = remap[entry.slot];
      bySlot.push(entry);
    }
    this.bySlot = bySlot;
    if (this.engine instanceof BinaryScanEngine) this.engine.compact(remap);
    else if (this.engine.kind === 'exact') this.engine = new ExactEngine(this.store);
  }

  private hasTooManyDead(): boolean {
    return this.store.deadCount > this.policy.maxDeadFraction * Math.max(1, this.store.size);
  }

  private track(entry: TemplateEntry): void {
    this.templates.set(entry.templateId, entry);
    this.bySlot[entry.slot] = entry;
    let owned = this.templatesOfSubject.get(entry.subjectId);
    if (!owned) this.templatesOfSubject.set(entry.subjectId, (owned = new Set()));
    owned.add(entry.templateId);
  }

  private conflict(reason: string, details: Record<string, string>): DomainError {
    return new DomainError(ErrorCode.Conflict, `Watchlist ${this.info.watchlistId}: ${reason}`, {
      watchlistId: this.info.watchlistId,
      ...details,
    });
  }
}
