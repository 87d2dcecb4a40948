/**
 * The Prometheus alert rules of the mesh, rendered by the chart as one PrometheusRule. Each rule
 * has a runbook in docs/operations.md under a heading named after the alert, and
 * test/dashboard-metrics.e2e-spec.ts checks every metric an expression names against a live scrape.
 */

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: 'warning' | 'critical' };
  readonly annotations: {
    readonly summary: string;
    readonly description: string;
    readonly runbook_url: string;
  };
}

export interface AlertRuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

const RUNBOOKS = 'docs/operations.md#runbook-';

function rule(
  alert: string,
  severity: AlertRule['labels']['severity'],
  forDuration: string,
  expr: string,
  summary: string,
  description: string,
): AlertRule {
  return {
    alert,
    expr,
    for: forDuration,
    labels: { severity },
    annotations: { summary, description, runbook_url: `${RUNBOOKS}${alert.toLowerCase()}` },
  };
}

/**
 * Thresholds. The stage targets come from docs/benchmarks.md: frame to sighting p99 <= 300 ms is
 * the goal, and landmarks, the slowest detect stage, takes ~63 ms per frame on average.
 */
export const ALERT_THRESHOLDS = {
  consumerLagMessages: 500,
  deadLettersPerSecond: 0.1,
  oldestPendingReviewSeconds: 15 * 60,
  detectStageP99Seconds: 0.25,
  handlerP99Seconds: 1,
  embedP99Seconds: 0.4,
  matchSearchP99Seconds: 0.05,
} as const;

const T = ALERT_THRESHOLDS;

export function alertRuleGroups(): AlertRuleGroup[] {
  return [
    {
      name: 'sightline.pipeline',
      rules: [
        rule(
          'SightlineConsumerLagGrowing',
          'warning',
          '10m',
          `sum by (namespace, group, topic) (max by (namespace, group, topic, partition) (sightline_consumer_lag_messages)) > ${T.consumerLagMessages}` +
            ` and sum by (namespace, group, topic) (max by (namespace, group, topic, partition) (delta(sightline_consumer_lag_messages[10m]))) > 0`,
          'Consumer group {{ $labels.group }} is falling behind on {{ $labels.topic }}',
          'Lag is {{ $value | humanize }} messages and still growing after 10 minutes.',
        ),
        rule(
          'SightlineDeadLetters',
          'warning',
          '5m',
          `sum by (namespace, service, topic, code) (rate(sightline_dead_letters_total[5m])) > 0`,
          '{{ $labels.service }} dead-letters messages of {{ $labels.topic }} ({{ $labels.code }})',
          'Messages exhausted their retry budget and went to {{ $labels.topic }}.dlq.',
        ),
        rule(
          'SightlineDeadLetterRateHigh',
          'critical',
          '5m',
          `sum by (namespace, service, topic) (rate(sightline_dead_letters_total[5m])) > ${T.deadLettersPerSecond}`,
          '{{ $labels.service }} dead-letters {{ $value | humanize }} messages/s of {{ $labels.topic }}',
          'A sustained dead-letter rate means a stage is dropping work; sightings are being lost.',
        ),
        rule(
          'SightlineDetectStageSlow',
          'warning',
          '15m',
          `histogram_quantile(0.99, sum by (namespace, stage, le) (rate(sightline_detect_stage_seconds_bucket[5m]))) > ${T.detectStageP99Seconds}`,
          'Detect stage {{ $labels.stage }} p99 is {{ $value | humanizeDuration }}',
          `Over the ${T.detectStageP99Seconds * 1000} ms per-stage target; frame to sighting p99 cannot meet 300 ms.`,
        ),
        rule(
          'SightlineHandlerSlow',
          'warning',
          '15m',
          `histogram_quantile(0.99, sum by (namespace, service, topic, le) (rate(sightline_handler_duration_seconds_bucket[5m]))) > ${T.handlerP99Seconds}`,
          '{{ $labels.service }} handler p99 on {{ $labels.topic }} is {{ $value | humanizeDuration }}',
          `Handling one event takes over ${T.handlerP99Seconds} s at p99, retries included.`,
        ),
        rule(
          'SightlineEmbedSlow',
          'warning',
          '15m',
          `histogram_quantile(0.99, sum by (namespace, le) (rate(sightline_embed_seconds_bucket[5m]))) > ${T.embedP99Seconds}`,
          'Embedding p99 is {{ $value | humanizeDuration }}',
          `One embedding takes over ${T.embedP99Seconds * 1000} ms at p99: embed is CPU-starved.`,
        ),
        rule(
          'SightlineMatchSearchSlow',
          'warning',
          '15m',
          `histogram_quantile(0.99, sum by (namespace, le) (rate(sightline_match_search_seconds_bucket[5m]))) > ${T.matchSearchP99Seconds}`,
          '1:N search p99 is {{ $value | humanizeDuration }}',
          `Over ${T.matchSearchP99Seconds * 1000} ms at p99: the gallery may need sharding.`,
        ),
        rule(
          'SightlineServiceNotReady',
          'warning',
          '5m',
          `min by (namespace, service, check) (sightline_readiness_check) == 0`,
          '{{ $labels.service }} readiness check {{ $labels.check }} is failing',
          'The pod is out of its Service endpoints until the check passes again.',
        ),
      ],
    },
    {
      name: 'sightline.accountability',
      rules: [
        rule(
          'SightlinePendingReviewsAging',
          'warning',
          '5m',
          `max by (namespace) (sightline_policy_review_queue_oldest_seconds) > ${T.oldestPendingReviewSeconds}`,
          'The oldest alert has waited {{ $value | humanizeDuration }} for human review',
          'No one may act on a match before a human confirms it; reviewers are not keeping up.',
        ),
        rule(
          'SightlineAuditChainVerifyFailed',
          'critical',
          '0m',
          `sum by (namespace) (increase(sightline_audit_verify_failures_total[15m])) > 0` +
            ` or min by (namespace) (sightline_audit_chain_intact) == 0`,
          'The audit.v1 hash chain failed verification',
          'The tamper-evident audit log does not verify: treat it as a possible tampering incident.',
        ),
      ],
    },
  ];
}
