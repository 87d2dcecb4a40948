import { Module } from '@nestjs/common';

/** The embed service's handlers and use cases (the pipeline stage arrives with the mesh work). */
@Module({})
export class EmbedModule {}
