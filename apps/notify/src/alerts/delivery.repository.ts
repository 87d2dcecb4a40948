import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection } from '@sightline/persistence';
import type { Delivery } from './delivery.entity';
import { DELIVERIES_COLLECTION, deliverySchema } from './delivery.schema';

@Injectable()
export class DeliveryRepository extends BaseRepository<Delivery> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('Delivery', deliverySchema, DELIVERIES_COLLECTION));
  }

  async record(delivery: Delivery): Promise<void> {
    const { id, ...fields } = delivery;
    await this.upsert(id, fields);
  }
}
