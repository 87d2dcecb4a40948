/**
 * Reviewer CLI of the policy service: the queue of alerts waiting for a human, and the decision.
 *
 *   node tools/scripts/run-ts.cjs apps/policy/src/cli/review-cli.ts <command> [options]
 *
 *   pending                                    alerts pending review or escalated, oldest last
 *   confirm --alert ID --reason R [--purpose P]
 *   dismiss --alert ID --reason R [--purpose P]
 *       prints the alert's new status and its confirmations (two-person review needs two reviewers)
 *
 * Every command takes --address host:port (default 127.0.0.1:50065) and a reviewer's bearer token:
 * --token T or SIGHTLINE_TOKEN (locally: `node tools/scripts/run-ts.cjs tools/auth/issue-token.ts
 * --role reviewer --subject <you>`). The reviewer is the token's subject. Refusals (the enroller of
 * the subject, a second confirmation by the same reviewer) print the policy on stderr and exit 1;
 * usage errors exit 2.
 */
import { credentials } from '@grpc/grpc-js';
import { operatorToken } from '@sightline/config';
import { bearerInterceptor, isServiceError, sightingsV1, unaryCall } from '@sightline/proto';
import { parseArgs } from 'node:util';

const DEFAULT_ADDRESS = '127.0.0.1:50065';
const DEADLINE_MS = 30_000;

class UsageError extends Error {}

const OPTIONS = {
  address: { type: 'string', default: DEFAULT_ADDRESS },
  token: { type: 'string' },
  alert: { type: 'string' },
  reason: { type: 'string' },
  purpose: { type: 'string', default: 'alert review' },
} as const;

const STATUS_NAMES: Record<number, string> = {
  [sightingsV1.AlertStatus.ALERT_STATUS_PENDING_REVIEW]: 'pending_review',
  [sightingsV1.AlertStatus.ALERT_STATUS_ESCALATED]: 'escalated',
  [sightingsV1.AlertStatus.ALERT_STATUS_CONFIRMED]: 'confirmed',
  [sightingsV1.AlertStatus.ALERT_STATUS_DISMISSED]: 'dismissed',
};

function describe(alert: sightingsV1.Alert): string {
  return [
    alert.alertId,
    STATUS_NAMES[alert.status] ?? 'unknown',
    `camera ${alert.cameraId}`,
    `subject ${alert.subjectId} (watchlist ${alert.watchlistId})`,
    `score ${alert.score.toFixed(3)}`,
    `raised ${alert.raisedAt?.toISOString() ?? '?'}`,
    `evidence ${alert.evidenceId} vs ${alert.photoReference}`,
  ].join(' · ');
}

async function pending(client: sightingsV1.SightingServiceClient): Promise<string> {
  const lines: string[] = [];
  for (const status of [
    sightingsV1.AlertStatus.ALERT_STATUS_ESCALATED,
    sightingsV1.AlertStatus.ALERT_STATUS_PENDING_REVIEW,
  ]) {
    const page = await unaryCall(
      client.listAlerts.bind(client),
      {
        status,
        pageSize: 100,
        pageToken: '',
      },
      DEADLINE_MS,
    );
    lines.push(...page.alerts.map(describe));
  }
  return lines.length > 0 ? lines.join('\n') : 'no alert is waiting for review';
}

async function decide(
  client: sightingsV1.AlertReviewServiceClient,
  decision: sightingsV1.ReviewDecision,
  values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'],
): Promise<string> {
  const alertId = values.alert?.trim();
  const reason = values.reason?.trim();
  if (!alertId) throw new UsageError('--alert is required');
  if (!reason) throw new UsageError('--reason is required: every decision is kept with its reason');
  const response = await unaryCall(
    client.reviewAlert.bind(client),
    {
      alertId,
      decision,
      reason,
      purpose: values.purpose ?? 'alert review',
    },
    DEADLINE_MS,
  );
  const status = response.alert ? (STATUS_NAMES[response.alert.status] ?? 'unknown') : 'unknown';
  return `${alertId}: ${status} (${response.confirmations} of ${response.confirmationsRequired} confirmations)`;
}

async function run(argv: readonly string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
  });
  const [command] = positionals;
  const token = values.token ?? operatorToken();
  if (!token) throw new UsageError('a reviewer token is required: --token or SIGHTLINE_TOKEN');
  const options = { interceptors: [bearerInterceptor(token)] };
  const address = values.address ?? DEFAULT_ADDRESS;
  switch (command) {
    case 'pending': {
      const client = new sightingsV1.SightingServiceClient(
        address,
        credentials.createInsecure(),
        options,
      );
      try {
        return await pending(client);
      } finally {
        client.close();
      }
    }
    case 'confirm':
    case 'dismiss': {
      const client = new sightingsV1.AlertReviewServiceClient(
        address,
        credentials.createInsecure(),
        options,
      );
      try {
        return await decide(
          client,
          command === 'confirm'
            ? sightingsV1.ReviewDecision.REVIEW_DECISION_CONFIRM
            : sightingsV1.ReviewDecision.REVIEW_DECISION_DISMISS,
          values,
        );
      } finally {
        client.close();
      }
    }
    default:
      throw new UsageError(`unknown command ${command ?? '(none)'}`);
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

run(process.argv.slice(2)).then(
  (output) => {
    process.stdout.write(`${output}\n`);
  },
  (error: unknown) => {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(`usage error: ${(error as Error).message}\n`);
      process.stderr.write(
        'commands: pending | confirm | dismiss (see the header of review-cli.ts)\n',
      );
      process.exitCode = 2;
      return;
    }
    const message = isServiceError(error)
      ? error.details || error.message
      : error instanceof Error
        ? error.message
        : String(error);
    process.stderr.write(`error: ${message}\n`);
    process.exitCode = 1;
  },
);
