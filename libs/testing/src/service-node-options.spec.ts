import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NODE_OPTIONS } from './service-node-options';
import { MESH_SERVICES } from './test-mesh';

const root = path.resolve(__dirname, '..', '..', '..');

/** `declare -A SERVICE_NODE_OPTIONS=([detect]=... )` in tools/scripts/services.sh. */
function fromServicesScript(): Record<string, string> {
  const script = readFileSync(path.join(root, 'tools/scripts/services.sh'), 'utf8');
  const body = /declare -A SERVICE_NODE_OPTIONS=\(([^)]*)\)/.exec(script)?.[1] ?? '';
  return Object.fromEntries([...body.matchAll(/\[(\w+)\]=(\S+)/g)].map((m) => [m[1], m[2]]));
}

/** `nodeOptions:` of each service block (`services.<name>`) in the Helm chart's values. */
function fromHelmValues(): Record<string, string> {
  const values = readFileSync(path.join(root, 'deploy/helm/sightline/values.yaml'), 'utf8');
  const services = values.slice(values.indexOf('\nservices:\n'));
  const found: Record<string, string> = {};
  let current = '';
  for (const line of services.split('\n').slice(2)) {
    if (/^\S/.test(line)) break;
    const block = /^ {2}(\w+):\s*$/.exec(line);
    if (block) current = block[1] ?? '';
    const option = /^ {4}nodeOptions:\s*(\S.*)$/.exec(line);
    if (option) found[current] = option[1] ?? '';
  }
  return found;
}

describe('SERVICE_NODE_OPTIONS', () => {
  it('is what tools/scripts/up.sh and the Helm chart start each service with', () => {
    expect(fromServicesScript()).toEqual(SERVICE_NODE_OPTIONS);
    expect(fromHelmValues()).toEqual(SERVICE_NODE_OPTIONS);
    for (const service of Object.keys(SERVICE_NODE_OPTIONS))
      expect(MESH_SERVICES).toContain(service);
  });
});
