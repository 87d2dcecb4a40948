import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { decodeAlertPageToken, encodeAlertPageToken } from './alert-page-token';
import type { Alert, AlertStatus } from './alert.entity';
import { AlertRepository } from './alert.repository';

export const DEFAULT_ALERT_PAGE_SIZE = 100;
export const MAX_ALERT_PAGE_SIZE = 1000;

export interface ListAlertsCommand {
  readonly status?: AlertStatus;
  readonly pageSize: number;
  readonly pageToken: string;
}

export interface AlertPage {
  readonly alerts: readonly Alert[];
  /** Empty on the last page. */
  readonly nextPageToken: string;
}

/** One page of alerts, newest first, optionally of one review status (the reviewers' queue). */
@Injectable()
export class ListAlertsUseCase {
  constructor(@Inject(AlertRepository) private readonly alerts: AlertRepository) {}

  async execute(command: ListAlertsCommand): Promise<AlertPage> {
    const { pageSize: requested, status } = command;
    if (!Number.isInteger(requested) || requested < 0 || requested > MAX_ALERT_PAGE_SIZE) {
      throw new DomainError(
        ErrorCode.InvalidArgument,
        `page_size must be between 0 (meaning ${DEFAULT_ALERT_PAGE_SIZE}) and ${MAX_ALERT_PAGE_SIZE}, got ${requested}`,
        { field: 'page_size' },
      );
    }
    const pageSize = requested === 0 ? DEFAULT_ALERT_PAGE_SIZE : requested;
    const after = command.pageToken ? decodeAlertPageToken(command.pageToken, status) : undefined;
    const rows = await this.alerts.findPage(status, after, pageSize + 1);
    const page = rows.slice(0, pageSize);
    const last = page.at(-1);
    return {
      alerts: page,
      nextPageToken:
        rows.length > pageSize && last
          ? encodeAlertPageToken({ raisedAt: last.raisedAt, id: last.id }, status)
          : '',
    };
  }
}
