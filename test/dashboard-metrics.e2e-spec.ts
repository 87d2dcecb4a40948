import { ALL_TOPICS } from '@sightline/contracts';
import { ensureTopics } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import { MESH_SERVICES, mongoUrlFor, TestMesh, testInfra, uniqueName } from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The metric names a PromQL expression (or a Grafana `label_values(metric, label)` query) reads.
 * Not a full parser: it drops what cannot be a metric name (strings, label matchers, ranges,
 * grouping clauses, function names, keywords, durations, Grafana variables) and keeps the rest,
 * so a misspelt metric still shows up as a name to check rather than disappearing.
 */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

function promqlMetricNames(expression: string): string[] {
  const stripped = expression
    .replace(/label_values\(\s*([^,()]*?)\s*,\s*\w+\s*\)/g, ' $1 ')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = match[0];
    const before = stripped[match.index - 1] ?? ' ';
    const after = stripped.slice(match.index + name.length).trimStart();
    if (/[0-9.$]/.test(before)) continue; // 5m, 1e3, $__rate_interval
    if (after.startsWith('(')) continue; // a function
    if (KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

/**
 * Every series name a Prometheus text exposition declares, with the `_bucket`, `_sum` and
 * `_count` series of its histograms and summaries. prom-client prints `# TYPE` for every
 * registered metric, also a labelled one that has no sample yet, so that line is the reliable one.
 */
function exposedMetricNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const declared = /^# TYPE (\S+) (\S+)/.exec(line);
    if (declared) {
      const [, name, type] = declared;
      names.add(name);
      if (type === 'histogram')
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
      if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample) names.add(sample[1]);
  }
  return names;
}

/** Each query of a Grafana dashboard JSON model (panel targets and templating queries). */
function dashboardQueries(dashboard: unknown): { where: string; expr: string }[] {
  const found: { where: string; expr: string }[] = [];
  const model = dashboard as {
    panels?: { title: string; targets?: { expr?: string; refId: string }[] }[];
    templating?: { list?: { name: string; query?: string | { query?: string } }[] };
  };
  for (const panel of model.panels ?? []) {
    for (const target of panel.targets ?? []) {
      if (target.expr)
        found.push({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr });
    }
  }
  for (const variable of model.templating?.list ?? []) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    if (query && variable.name !== 'datasource')
      found.push({ where: `variable $${variable.name}`, expr: query });
  }
  return found;
}

const CHART_FILES = path.join(__dirname, '..', 'deploy', 'helm', 'sightline', 'files');

/** Every PromQL query the chart ships: dashboard panels and variables, and alert rule expressions. */
function shippedQueries(): { where: string; expr: string }[] {
  const dashboard = JSON.parse(
    readFileSync(path.join(CHART_FILES, 'dashboards', 'sightline-mesh.json'), 'utf8'),
  ) as unknown;
  const rules = JSON.parse(
    readFileSync(path.join(CHART_FILES, 'alert-rules.generated.json'), 'utf8'),
  ) as { groups: { rules: { alert: string; expr: string }[] }[] };
  return [
    ...dashboardQueries(dashboard),
    ...rules.groups.flatMap((group) =>
      group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })),
    ),
  ];
}

/**
 * Grafana panels and alert rules that name a metric no service exports show "No data" and never
 * fire. This boots the six real services, scrapes each /metrics, and names every query that reads
 * a metric none of them declares.
 */
describe('the dashboard and alert rules', () => {
  const database = uniqueName('e2e_dash').replace(/-/g, '_');
  const run = uniqueName('e2e-dash');
  let mesh: TestMesh | undefined;

  afterAll(async () => {
    await mesh?.stop('SIGTERM');
    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  it('name only metrics the services export', async () => {
    const queries = shippedQueries();
    expect(queries.length).toBeGreaterThan(20);

    const kafka = new Kafka({ brokers: testInfra.kafkaBrokers, logLevel: logLevel.NOTHING });
    await ensureTopics(kafka, ALL_TOPICS, { replicationFactor: 1 });
    mesh = await TestMesh.startFromNow(kafka, run, {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      MONGO_URL: mongoUrlFor(database),
    });

    const exported = new Set<string>();
    for (const service of MESH_SERVICES) {
      const response = await fetch(`${mesh.member(service).httpUrl}/metrics`);
      expect({ service, status: response.status }).toEqual({ service, status: 200 });
      for (const name of exposedMetricNames(await response.text())) exported.add(name);
    }
    // A scrape that found nothing would make every name "missing" for the wrong reason.
    expect(exported.has('sightline_handler_duration_seconds_bucket')).toBe(true);

    const missing = queries.flatMap(({ where, expr }) =>
      promqlMetricNames(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${name} (${where})`),
    );
    const referenced = new Set(queries.flatMap(({ expr }) => promqlMetricNames(expr)));
    console.log(
      `dashboard-metrics: ${queries.length} queries name ${referenced.size} metrics; ` +
        `${exported.size} series names exported by ${MESH_SERVICES.length} services; ` +
        `${missing.length} missing`,
    );
    expect(missing).toEqual([]);
  });
});

// The extraction itself, so a parser that found nothing could not pass the check above.
describe('promqlMetricNames', () => {
  it('finds the series of a quantile over a labelled histogram', () => {
    expect(
      promqlMetricNames(
        'histogram_quantile(0.99, sum by (le, stage) (rate(sightline_detect_stage_seconds_bucket{namespace="$namespace"}[$__rate_interval])))',
      ),
    ).toEqual(['sightline_detect_stage_seconds_bucket']);
  });

  it('finds both sides of a binary expression and skips keywords and durations', () => {
    expect(
      promqlMetricNames(
        'sum by (service) (a_total) > 5 and on (service) sum(delta(b_gauge[10m] offset 5m)) > 0 unless c',
      ),
    ).toEqual(['a_total', 'b_gauge', 'c']);
  });

  it('keeps a misspelt name instead of dropping it', () => {
    expect(promqlMetricNames('rate(sightlin_frames_totl{x=~"a|b"}[5m])')).toEqual([
      'sightlin_frames_totl',
    ]);
  });

  it('reads the metric of a Grafana label_values query, not the label', () => {
    expect(promqlMetricNames('label_values(sightline_readiness_check, namespace)')).toEqual([
      'sightline_readiness_check',
    ]);
  });
});

describe('exposedMetricNames', () => {
  it('counts a declared metric without samples and the series of a histogram', () => {
    const names = exposedMetricNames(
      [
        '# HELP sightline_dead_letters_total Messages sent to a dead-letter topic.',
        '# TYPE sightline_dead_letters_total counter',
        '# TYPE sightline_embed_seconds histogram',
        'sightline_embed_seconds_bucket{le="0.1",service="embed"} 3',
        'sightline_up 1',
      ].join('\n'),
    );
    expect([...names].sort()).toEqual([
      'sightline_dead_letters_total',
      'sightline_embed_seconds',
      'sightline_embed_seconds_bucket',
      'sightline_embed_seconds_count',
      'sightline_embed_seconds_sum',
      'sightline_up',
    ]);
  });
});

describe('dashboardQueries', () => {
  it('lists panel targets and query variables, not the data source variable', () => {
    expect(
      dashboardQueries({
        panels: [{ title: 'P', targets: [{ refId: 'A', expr: 'x' }] }, { title: 'Row' }],
        templating: {
          list: [
            { name: 'datasource', query: 'prometheus' },
            { name: 'ns', query: { query: 'label_values(y, namespace)' } },
          ],
        },
      }),
    ).toEqual([
      { where: 'panel "P" A', expr: 'x' },
      { where: 'variable $ns', expr: 'label_values(y, namespace)' },
    ]);
  });
});
