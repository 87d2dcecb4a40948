/**
 * Writes the chart's generated data files from the code's own tables, so the cluster and the code
 * cannot drift apart:
 *   - files/topics.generated.json: the KafkaTopics (libs/contracts topic registry, configs from
 *     libs/messaging topicConfigsFor) and the KEDA caps of the lag-scaled services;
 *   - files/alert-rules.generated.json: the PrometheusRule groups (tools/k8s/alert-rules.ts);
 *   - files/dashboards/sightline-mesh.json: the Grafana dashboard (tools/k8s/grafana-dashboard.ts).
 *
 *   node tools/scripts/run-ts.cjs tools/k8s/generate-chart-files.ts          # write
 *   node tools/scripts/run-ts.cjs tools/k8s/generate-chart-files.ts --check  # fail if stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { CHART_DIR, generatedChartData } from './chart-data';

/** The exact text of each generated file, formatted as the repository's Prettier check wants. */
async function generatedChartFiles(): Promise<Record<string, string>> {
  const options = await resolveConfig(path.join(CHART_DIR, 'Chart.yaml'));
  const entries = await Promise.all(
    Object.entries(generatedChartData()).map(
      async ([file, data]) =>
        [file, await format(JSON.stringify(data), { ...options, parser: 'json' })] as const,
    ),
  );
  return Object.fromEntries(entries);
}

async function main(check: boolean): Promise<number> {
  const stale: string[] = [];
  for (const [file, text] of Object.entries(await generatedChartFiles())) {
    const target = path.join(CHART_DIR, file);
    let current: string | undefined;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    if (check) {
      stale.push(file);
    } else {
      writeFileSync(target, text);
      console.log(`wrote ${path.relative(process.cwd(), target)}`);
    }
  }
  if (stale.length > 0) {
    console.error(
      `stale generated chart files: ${stale.join(', ')}\n` +
        'run: node tools/scripts/run-ts.cjs tools/k8s/generate-chart-files.ts',
    );
    return 1;
  }
  if (check) console.log('generated chart files are up to date');
  return 0;
}

if (require.main === module) {
  main(process.argv.includes('--check')).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
