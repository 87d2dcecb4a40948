import { DomainError, ErrorCode } from '@sightline/contracts';
import type { Model, RootFilterQuery, UpdateQuery } from 'mongoose';

/** Stored shape: the entity's `id` lives in `_id`, so lookups by id use the primary index. */
export type StoredDocument<TEntity extends { id: string }> = Omit<TEntity, 'id'> & { _id: string };

export interface FindOptions<TEntity> {
  readonly sort?: Partial<Record<keyof TEntity & string, 1 | -1>>;
  readonly limit?: number;
  readonly skip?: number;
}

/**
 * Base for every Mongo repository: returns lean plain entities (never mongoose documents) and
 * translates driver errors into domain codes at this edge.
 */
export abstract class BaseRepository<TEntity extends { id: string }> {
  protected constructor(protected readonly model: Model<StoredDocument<TEntity>>) {}

  async findById(id: string): Promise<TEntity | null> {
    const stored = await this.model.findById(id).lean<StoredDocument<TEntity>>().exec();
    return stored ? this.toEntity(stored) : null;
  }

  async find(
    filter: RootFilterQuery<StoredDocument<TEntity>>,
    options: FindOptions<TEntity> = {},
  ): Promise<TEntity[]> {
    let query = this.model.find(filter);
    if (options.sort) query = query.sort(options.sort as Record<string, 1 | -1>);
    if (options.skip) query = query.skip(options.skip);
    if (options.limit) query = query.limit(options.limit);
    const stored = await query.lean<StoredDocument<TEntity>[]>().exec();
    return stored.map((document) => this.toEntity(document));
  }

  async count(filter: RootFilterQuery<StoredDocument<TEntity>> = {}): Promise<number> {
    return this.model.countDocuments(filter).exec();
  }

  /** Fails with CONFLICT when the id or a unique index already holds the value. */
  async create(entity: TEntity): Promise<TEntity> {
    try {
      await this.model.create([this.toStored(entity)]);
      return entity;
    } catch (error) {
      throw translateWriteError(error, this.model.collection.name);
    }
  }

  /**
   * Inserts the entity unless its id exists, and says whether it did. This is the idempotency
   * primitive of projections keyed by event id: a redelivered event finds its row and changes nothing.
   */
  async insertIfAbsent(entity: TEntity): Promise<boolean> {
    // A plain insert, not an upsert with $setOnInsert: FerretDB drops empty arrays and nulls from
    // $setOnInsert, so every reader had to put them back. A duplicate _id means "already there".
    try {
      await this.model.create([this.toStored(entity)]);
      return true;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === DUPLICATE_KEY && (await this.model.exists({ _id: entity.id } as never)))
        return false;
      throw translateWriteError(error, this.model.collection.name);
    }
  }

  /** Replaces the fields given, creating the entity when absent. */
  async upsert(id: string, fields: Partial<Omit<TEntity, 'id'>>): Promise<TEntity> {
    try {
      const stored = await this.model
        .findOneAndUpdate(
          { _id: id } as RootFilterQuery<StoredDocument<TEntity>>,
          { $set: fields } as UpdateQuery<StoredDocument<TEntity>>,
          {
            upsert: true,
            new: true,
          },
        )
        .lean<StoredDocument<TEntity>>()
        .exec();
      if (!stored) throw new DomainError(ErrorCode.Internal, `upsert of ${id} returned nothing`);
      return this.toEntity(stored);
    } catch (error) {
      throw translateWriteError(error, this.model.collection.name);
    }
  }

  /** Applies an update to one entity; NOT_FOUND when it does not exist. */
  async update(id: string, update: UpdateQuery<StoredDocument<TEntity>>): Promise<TEntity> {
    try {
      const stored = await this.model
        .findOneAndUpdate({ _id: id } as RootFilterQuery<StoredDocument<TEntity>>, update, {
          new: true,
        })
        .lean<StoredDocument<TEntity>>()
        .exec();
      if (!stored)
        throw new DomainError(
          ErrorCode.NotFound,
          `${this.model.collection.name}/${id} does not exist`,
          { id },
        );
      return this.toEntity(stored);
    } catch (error) {
      throw translateWriteError(error, this.model.collection.name);
    }
  }

  async deleteById(id: string): Promise<boolean> {
    const result = await this.model
      .deleteOne({ _id: id } as RootFilterQuery<StoredDocument<TEntity>>)
      .exec();
    return result.deletedCount === 1;
  }

  protected toEntity(stored: StoredDocument<TEntity>): TEntity {
    const { _id, ...fields } = stored as StoredDocument<TEntity> & { __v?: number };
    delete (fields as { __v?: number }).__v;
    return { id: _id, ...fields } as unknown as TEntity;
  }

  protected toStored(entity: TEntity): StoredDocument<TEntity> {
    const { id, ...fields } = entity;
    return { _id: id, ...fields } as StoredDocument<TEntity>;
  }
}

const DUPLICATE_KEY = 11_000;

export function translateWriteError(error: unknown, collection: string): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === DUPLICATE_KEY) {
    return new DomainError(
      ErrorCode.Conflict,
      `${collection}: an entity with this key already exists`,
      { collection },
      { cause: error },
    );
  }
  if ((error as { name?: unknown }).name === 'ValidationError') {
    return new DomainError(
      ErrorCode.InvalidArgument,
      `${collection}: ${(error as Error).message}`,
      { collection },
      { cause: error },
    );
  }
  return new DomainError(
    ErrorCode.DependencyUnavailable,
    `${collection}: write failed: ${(error as Error).message}`,
    { collection },
    { cause: error },
  );
}
