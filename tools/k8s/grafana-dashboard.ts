/**
 * The Grafana dashboard of the mesh, written as code so panels share one layout and one style and
 * every query stays greppable. `generate-chart-files.ts` writes it to the chart, where the Grafana
 * sidecar picks it up from a labelled ConfigMap; test/dashboard-metrics.e2e-spec.ts checks every
 * metric it names against a live scrape.
 */

export interface DashboardTarget {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat: string;
}

export interface DashboardPanel {
  readonly id: number;
  readonly type: 'timeseries' | 'heatmap' | 'stat' | 'row' | 'state-timeline';
  readonly title: string;
  readonly description?: string;
  readonly gridPos: { x: number; y: number; w: number; h: number };
  readonly datasource?: { type: 'prometheus'; uid: string };
  readonly targets?: readonly DashboardTarget[];
  readonly fieldConfig?: unknown;
  readonly options?: unknown;
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;
/** Every query is scoped to the namespace picked at the top of the dashboard. */
const NS = 'namespace="$namespace"';
const RATE = '$__rate_interval';

type PanelSpec = {
  type?: DashboardPanel['type'];
  title: string;
  description?: string;
  unit: string;
  queries: readonly [expr: string, legend: string][];
  w?: number;
  h?: number;
};

type RowSpec = { title: string; panels: readonly PanelSpec[] };

const ROWS: readonly RowSpec[] = [
  {
    title: 'Throughput',
    panels: [
      {
        title: 'Frames per second',
        description: 'Frames ingest published, and frames detect handled, by outcome.',
        unit: 'fps',
        queries: [
          [
            `sum(rate(sightline_ingest_frames_total{${NS},outcome="published"}[${RATE}]))`,
            'ingest published',
          ],
          [
            `sum by (outcome) (rate(sightline_ingest_frames_total{${NS},outcome!="published"}[${RATE}]))`,
            'ingest {{outcome}}',
          ],
          [
            `sum by (outcome) (rate(sightline_detect_frames_total{${NS}}[${RATE}]))`,
            'detect {{outcome}}',
          ],
        ],
      },
      {
        title: 'Faces per second',
        description: 'Detected faces by what became of them, and faces embedded.',
        unit: 'ops',
        queries: [
          [
            `sum by (outcome) (rate(sightline_detect_faces_total{${NS}}[${RATE}]))`,
            'detect {{outcome}}',
          ],
          [
            `sum by (outcome) (rate(sightline_embed_faces_total{${NS}}[${RATE}]))`,
            'embed {{outcome}}',
          ],
        ],
      },
      {
        title: 'Sightings per second',
        description: 'One sighting per closed track, by match status.',
        unit: 'ops',
        queries: [
          [`sum by (status) (rate(sightline_match_sightings_total{${NS}}[${RATE}]))`, '{{status}}'],
        ],
      },
      {
        title: 'Alerts per second',
        description: 'Alerts raised by policy, each waiting for a human review.',
        unit: 'ops',
        queries: [
          [`sum(rate(sightline_policy_alerts_raised_total{${NS}}[${RATE}]))`, 'alerts raised'],
          [
            `sum by (channel, outcome) (rate(sightline_notify_deliveries_total{${NS}}[${RATE}]))`,
            'delivery {{channel}} {{outcome}}',
          ],
        ],
      },
    ],
  },
  {
    title: 'Stage latency',
    panels: [
      {
        type: 'heatmap',
        title: 'Detect stage latency histogram',
        description: 'Time per frame in each detect stage, all stages stacked (bucket rates).',
        unit: 's',
        queries: [
          [`sum by (le) (rate(sightline_detect_stage_seconds_bucket{${NS}}[${RATE}]))`, '{{le}}'],
        ],
      },
      {
        title: 'Detect stage p99',
        description:
          'p99 per frame of decode, detect, landmarks, align, quality, encode, publish, checkpoint.',
        unit: 's',
        queries: [
          [
            `histogram_quantile(0.99, sum by (le, stage) (rate(sightline_detect_stage_seconds_bucket{${NS}}[${RATE}])))`,
            '{{stage}}',
          ],
        ],
      },
      {
        title: 'Embed, search and publish p99',
        description: 'p99 of one embedding, one 1:N search, and one frame publish.',
        unit: 's',
        queries: [
          [
            `histogram_quantile(0.99, sum by (le) (rate(sightline_embed_seconds_bucket{${NS}}[${RATE}])))`,
            'embed',
          ],
          [
            `histogram_quantile(0.99, sum by (le) (rate(sightline_match_search_seconds_bucket{${NS}}[${RATE}])))`,
            'match search',
          ],
          [
            `histogram_quantile(0.99, sum by (le) (rate(sightline_ingest_publish_seconds_bucket{${NS}}[${RATE}])))`,
            'ingest publish',
          ],
          [
            `histogram_quantile(0.99, sum by (le, channel) (rate(sightline_notify_delivery_seconds_bucket{${NS}}[${RATE}])))`,
            'notify {{channel}}',
          ],
        ],
      },
      {
        title: 'Handler p99 by service and topic',
        description: 'Time to handle one event, retries included.',
        unit: 's',
        queries: [
          [
            `histogram_quantile(0.99, sum by (le, service, topic) (rate(sightline_handler_duration_seconds_bucket{${NS}}[${RATE}])))`,
            '{{service}} {{topic}}',
          ],
        ],
      },
    ],
  },
  {
    title: 'Kafka',
    panels: [
      {
        title: 'Consumer lag by group and partition',
        description:
          'Messages behind the high watermark after each batch, per consumer group and partition.',
        unit: 'short',
        w: 12,
        queries: [
          [
            `max by (group, topic, partition) (sightline_consumer_lag_messages{${NS}})`,
            '{{group}} {{topic}}/{{partition}}',
          ],
        ],
      },
      {
        title: 'Detect lag seen by ingest (back-pressure)',
        description:
          'Lag of the detect group on frames.v1 per partition; ingest drops frames above INGEST_MAX_DOWNSTREAM_LAG.',
        unit: 'short',
        w: 12,
        queries: [
          [
            `max by (partition) (sightline_ingest_downstream_lag_messages{${NS}})`,
            'frames.v1/{{partition}}',
          ],
        ],
      },
      {
        title: 'Dead letters per second',
        description: 'Messages sent to <topic>.dlq after their retry budget, by error code.',
        unit: 'ops',
        w: 12,
        queries: [
          [
            `sum by (service, topic, code) (rate(sightline_dead_letters_total{${NS}}[${RATE}]))`,
            '{{service}} {{topic}} {{code}}',
          ],
        ],
      },
      {
        title: 'Retries per second',
        description: 'Retries of failing handlers, by error code.',
        unit: 'ops',
        w: 12,
        queries: [
          [
            `sum by (service, topic, code) (rate(sightline_handler_retries_total{${NS}}[${RATE}]))`,
            '{{service}} {{topic}} {{code}}',
          ],
        ],
      },
    ],
  },
  {
    title: 'Watchlists and review',
    panels: [
      {
        title: 'Alerts by watchlist',
        description:
          'Alerts raised per second by watchlist, and matches withheld from review (expired watchlist, score under its threshold) or folded into an open alert.',
        unit: 'ops',
        w: 6,
        queries: [
          [
            `sum by (watchlist) (rate(sightline_policy_alerts_raised_total{${NS}}[${RATE}]))`,
            'raised {{watchlist}}',
          ],
          [
            `sum by (watchlist, reason) (rate(sightline_policy_alerts_suppressed_total{${NS}}[${RATE}]))`,
            'suppressed {{watchlist}} {{reason}}',
          ],
          [
            `sum by (watchlist) (rate(sightline_policy_alerts_merged_total{${NS}}[${RATE}]))`,
            'merged {{watchlist}}',
          ],
        ],
      },
      {
        title: 'Matches per second',
        w: 6,
        description:
          'Sightings that matched a watchlist subject. The match counters carry no watchlist label yet, so this is the total over all watchlists.',
        unit: 'ops',
        queries: [
          [
            `sum(rate(sightline_match_sightings_total{${NS},status="matched"}[${RATE}]))`,
            'matched sightings',
          ],
          [
            `sum by (outcome) (rate(sightline_match_searches_total{${NS}}[${RATE}]))`,
            'searches {{outcome}}',
          ],
        ],
      },
      {
        title: 'Review queue age',
        description:
          'Age of the oldest open alert at the last sweep, and review decisions and escalations per second (right axis would mix units: read the legend).',
        unit: 's',
        w: 6,
        queries: [
          [`max(sightline_policy_review_queue_oldest_seconds{${NS}})`, 'oldest open alert'],
          [
            `sum by (decision, outcome) (rate(sightline_policy_reviews_total{${NS}}[${RATE}]))`,
            'reviews {{decision}} {{outcome}}/s',
          ],
          [`sum(rate(sightline_policy_alerts_escalated_total{${NS}}[${RATE}]))`, 'escalations/s'],
        ],
      },
      {
        type: 'stat',
        title: 'Open alerts',
        description:
          'By status (pending_review, escalated); every policy replica reports the same queue.',
        unit: 'short',
        w: 3,
        queries: [[`max by (status) (sightline_policy_review_queue_size{${NS}})`, '{{status}}']],
      },
      {
        type: 'stat',
        title: 'Audit chain',
        description:
          'Intact: 1 when the last verification of audit.v1 found the chain intact. Failures: verifications that found it broken in the last 24 h. See the runbook.',
        unit: 'short',
        w: 3,
        queries: [
          [`min(sightline_audit_chain_intact{${NS}})`, 'intact'],
          [`sum(increase(sightline_audit_verify_failures_total{${NS}}[24h]))`, 'failures 24 h'],
        ],
      },
    ],
  },
  {
    title: 'Health and capacity',
    panels: [
      {
        type: 'state-timeline',
        title: 'Readiness checks',
        description: '1 when a readiness check passes, 0 when it fails, per service and check.',
        unit: 'short',
        queries: [
          [`min by (service, check) (sightline_readiness_check{${NS}})`, '{{service}} {{check}}'],
        ],
      },
      {
        title: 'Cameras',
        description: 'Camera sources producing frames, and reopen attempts.',
        unit: 'short',
        queries: [
          [`sum(sightline_ingest_camera_up{${NS}})`, 'cameras up'],
          [`sum(rate(sightline_ingest_camera_reconnects_total{${NS}}[${RATE}]))`, 'reconnects/s'],
          [
            `sum by (reason) (rate(sightline_ingest_rejections_total{${NS}}[${RATE}]))`,
            'rejected {{reason}}/s',
          ],
        ],
      },
      {
        title: 'Gallery and tracks',
        description: 'Templates and watchlists in each match replica, and tracks open in detect.',
        unit: 'short',
        queries: [
          [`max(sightline_gallery_templates{${NS}})`, 'templates'],
          [`max(sightline_gallery_watchlists{${NS}})`, 'watchlists'],
          [`sum(sightline_detect_open_tracks{${NS}})`, 'open tracks'],
          [`sum(rate(sightline_audit_records_total{${NS}}[${RATE}]))`, 'audit records/s'],
        ],
      },
      {
        title: 'Memory and CPU by service',
        description: 'Resident memory of each pod, and CPU seconds per second.',
        unit: 'bytes',
        queries: [
          [`sum by (service) (sightline_process_resident_memory_bytes{${NS}})`, '{{service}} RSS'],
          [
            `sum by (service) (rate(sightline_process_cpu_seconds_total{${NS}}[${RATE}]))`,
            '{{service}} CPU',
          ],
        ],
      },
    ],
  },
];

const REF_IDS = 'ABCDEFGH';

/** Lays the rows out on Grafana's 24-column grid: panels fill a row left to right. */
function layout(): DashboardPanel[] {
  const panels: DashboardPanel[] = [];
  let id = 1;
  let y = 0;
  for (const row of ROWS) {
    panels.push({ id: id++, type: 'row', title: row.title, gridPos: { x: 0, y, w: 24, h: 1 } });
    y += 1;
    let x = 0;
    let rowHeight = 0;
    const defaultWidth = Math.floor(24 / row.panels.length);
    for (const spec of row.panels) {
      const w = spec.w ?? defaultWidth;
      const h = spec.h ?? 8;
      if (x + w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      panels.push({
        id: id++,
        type: spec.type ?? 'timeseries',
        title: spec.title,
        description: spec.description,
        gridPos: { x, y, w, h },
        datasource: DATASOURCE,
        targets: spec.queries.map(([expr, legendFormat], index) => ({
          refId: REF_IDS[index],
          expr,
          legendFormat,
        })),
        fieldConfig: { defaults: { unit: spec.unit }, overrides: [] },
        options:
          spec.type === 'stat'
            ? { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'value' }
            : { legend: { displayMode: 'table', placement: 'bottom' } },
      });
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return panels;
}

/** The dashboard JSON model (Grafana 10+ schema), provisioned by the sidecar. */
export function sightlineDashboard(): Record<string, unknown> {
  return {
    uid: 'sightline-mesh',
    title: 'Sightline mesh',
    description: 'Frames to alerts: throughput, stage latency, Kafka lag, review queue, health.',
    tags: ['sightline'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: false,
    refresh: '30s',
    time: { from: 'now-3h', to: 'now' },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Prometheus',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
        },
        {
          name: 'namespace',
          label: 'Namespace',
          type: 'query',
          datasource: DATASOURCE,
          query: {
            query: 'label_values(sightline_readiness_check, namespace)',
            refId: 'namespace',
          },
          definition: 'label_values(sightline_readiness_check, namespace)',
          refresh: 2,
          current: {},
          hide: 0,
        },
      ],
    },
    panels: layout(),
  };
}
