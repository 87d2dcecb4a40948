export {
  BaseRepository,
  translateWriteError,
  type FindOptions,
  type StoredDocument,
} from './base.repository';
export { MongoConnection, type MongoConnectionOptions } from './mongo-connection';
