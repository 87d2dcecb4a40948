import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection } from '@sightline/persistence';
import type { Evidence } from './evidence.entity';
import { EVIDENCE_COLLECTION, evidenceSchema } from './evidence.schema';

@Injectable()
export class EvidenceRepository extends BaseRepository<Evidence> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('Evidence', evidenceSchema, EVIDENCE_COLLECTION));
  }
}
