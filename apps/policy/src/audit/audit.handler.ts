import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS } from '@sightline/contracts';
import type { ChainAuditRecordCommand } from './chain-audit-record.command';
import { ChainAuditRecordUseCase } from './chain-audit-record.usecase';

@Controller()
export class AuditHandler {
  constructor(
    @Inject(ChainAuditRecordUseCase) private readonly chainAuditRecord: ChainAuditRecordUseCase,
  ) {}

  @EventPattern(TOPICS.audit.name)
  async onAuditRecorded(@Payload() event: ChainAuditRecordCommand): Promise<void> {
    await this.chainAuditRecord.execute(event);
  }
}
