import type { MeshService } from './test-mesh';

/**
 * Node flags a service runs with (NODE_OPTIONS), as the Helm chart (`<service>.nodeOptions`) and
 * tools/scripts/services.sh give them; service-node-options.spec checks the three agree.
 * detect: a 64 MiB young generation. Each frame allocates a decoded image, tensors and crops that
 * die within the frame, and perf put V8's garbage collection at about a tenth of detect's CPU.
 * Side by side at 720p (bench/pipeline, --quick, alternating): 15.3 → 16.7 and 13.0 → 14.7
 * frames/s.
 */
export const SERVICE_NODE_OPTIONS: Partial<Record<MeshService, string>> = {
  detect: '--max-semi-space-size=64',
};
