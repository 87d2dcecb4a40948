import type { Logger } from '@sightline/observability';
import mongoose, { type Connection, type Model, type Schema } from 'mongoose';

export interface MongoConnectionOptions {
  readonly url: string;
  readonly serverSelectionTimeoutMs?: number;
}

/**
 * One mongoose connection per process. FerretDB (local) and MongoDB (production) speak the same
 * wire protocol; we avoid what FerretDB lacks (transactions, change streams, TTL indexes).
 */
export class MongoConnection {
  private constructor(
    readonly connection: Connection,
    private readonly logger?: Logger,
  ) {}

  static async open(options: MongoConnectionOptions, logger?: Logger): Promise<MongoConnection> {
    const connection = mongoose.createConnection(options.url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5_000,
      autoIndex: true,
      autoCreate: true,
      // Retryable writes need sessions FerretDB 1.x does not implement.
      retryWrites: false,
    });
    await connection.asPromise();
    logger?.info({ database: connection.name }, 'mongo connected');
    return new MongoConnection(connection, logger);
  }

  model<TDocument>(name: string, schema: Schema<TDocument>, collection: string): Model<TDocument> {
    return (
      (this.connection.models[name] as Model<TDocument> | undefined) ??
      this.connection.model<TDocument>(name, schema, collection)
    );
  }

  /** A round trip to the server, for /readyz. */
  async ping(): Promise<boolean> {
    try {
      const db = this.connection.db;
      if (!db) return false;
      await db.command({ ping: 1 });
      return true;
    } catch (error) {
      this.logger?.warn({ err: error }, 'mongo ping failed');
      return false;
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
