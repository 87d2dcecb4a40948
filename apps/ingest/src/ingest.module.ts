import { Module } from '@nestjs/common';

/** The ingest service's handlers and use cases (the pipeline stage arrives with the mesh work). */
@Module({})
export class IngestModule {}
