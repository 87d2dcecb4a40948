/**
 * Operator CLI for the ingest camera registry, over gRPC (sightline.ingest.v1.CameraService).
 *
 *   node tools/scripts/run-ts.cjs apps/ingest/src/cli/cameras-cli.ts <command> [options]
 *
 *   register --id cam-1 --name "Gate" --zone gate --fps 5 [--source file:///abs.mp4]
 *            [--sensitive] [--loop] [--no-realtime]
 *   list
 *   get --id cam-1
 *   remove --id cam-1
 *
 *   --address host:port   the ingest gRPC address (default 127.0.0.1:50061)
 *   --token T             bearer token (default SIGHTLINE_TOKEN): an admin's, or a partner's for
 *                         its own cameras (locally: tools/auth/issue-token.ts --role admin)
 *   --json                print the raw response as JSON
 *
 * A failed call prints the gRPC status and its message and exits with code 1; bad usage exits 2.
 */
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { operatorToken } from '@sightline/config';
import { bearerInterceptor, ingestV1 } from '@sightline/proto';
import { parseArgs } from 'node:util';

const USAGE = `usage: cameras-cli <register|list|get|remove> [options]
  register --id ID --name NAME --zone ZONE --fps FPS [--source URI] [--sensitive] [--loop] [--no-realtime]
  list
  get --id ID
  remove --id ID
  common: [--address 127.0.0.1:50061] [--token T (default SIGHTLINE_TOKEN)] [--json]`;

class UsageError extends Error {}

type Call<Req, Res> = (
  request: Req,
  callback: (error: ServiceError | null, response: Res) => void,
) => unknown;

function call<Req, Res>(method: Call<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

function stateName(state: ingestV1.CameraState): string {
  return ingestV1.cameraStateToJSON(state).replace('CAMERA_STATE_', '');
}

function describe(camera: ingestV1.Camera): string {
  const s = camera.status;
  const source = camera.sourceUri || '(push only)';
  const flags = [
    camera.sensitive ? 'sensitive' : '',
    camera.loop ? 'loop' : '',
    camera.sourceUri.startsWith('file:') && !camera.realtime ? 'no-realtime' : '',
  ].filter(Boolean);
  const lines = [
    `${camera.id}  "${camera.name}"  zone=${camera.zone}  fps=${camera.samplingFps}  ${source}${flags.length ? `  [${flags.join(',')}]` : ''}`,
  ];
  if (s) {
    lines.push(
      `    state=${stateName(s.state)} published=${s.framesPublished} dropped=${s.framesDropped} rejected=${s.framesRejected} reconnects=${s.reconnectAttempts}${s.lastError ? ` error="${s.lastError}"` : ''}`,
    );
  }
  return lines.join('\n');
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0)
    throw new UsageError(`--${name} is required`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      address: { type: 'string', default: '127.0.0.1:50061' },
      token: { type: 'string' },
      json: { type: 'boolean', default: false },
      id: { type: 'string' },
      name: { type: 'string' },
      zone: { type: 'string' },
      fps: { type: 'string' },
      source: { type: 'string' },
      sensitive: { type: 'boolean', default: false },
      loop: { type: 'boolean', default: false },
      'no-realtime': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const token = values.token ?? operatorToken();
  if (!token) {
    throw new UsageError(
      'a bearer token is required: --token T or SIGHTLINE_TOKEN (tools/auth/issue-token.ts mints one locally)',
    );
  }
  const client = new ingestV1.CameraServiceClient(values.address, credentials.createInsecure(), {
    interceptors: [bearerInterceptor(token)],
  });
  const print = (text: string, raw: unknown): void => {
    process.stdout.write(`${values.json ? JSON.stringify(raw, null, 2) : text}\n`);
  };
  try {
    switch (command) {
      case 'register': {
        const fps = Number(required(values, 'fps'));
        if (!Number.isFinite(fps)) throw new UsageError('--fps must be a number');
        const response = await call<
          ingestV1.RegisterCameraRequest,
          ingestV1.RegisterCameraResponse
        >(client.registerCamera.bind(client), {
          id: required(values, 'id'),
          name: required(values, 'name'),
          zone: required(values, 'zone'),
          samplingFps: fps,
          sourceUri: values.source ?? '',
          sensitive: values.sensitive,
          loop: values.loop,
          realtime: !values['no-realtime'],
        });
        const camera = response.camera;
        print(
          `${response.created ? 'registered' : 'updated'} ${camera ? describe(camera) : ''}`,
          ingestV1.RegisterCameraResponse.toJSON(response),
        );
        break;
      }
      case 'list': {
        const response = await call<ingestV1.ListCamerasRequest, ingestV1.ListCamerasResponse>(
          client.listCameras.bind(client),
          {},
        );
        print(
          response.cameras.length === 0
            ? 'no cameras registered'
            : response.cameras.map(describe).join('\n'),
          ingestV1.ListCamerasResponse.toJSON(response),
        );
        break;
      }
      case 'get': {
        const response = await call<ingestV1.GetCameraRequest, ingestV1.GetCameraResponse>(
          client.getCamera.bind(client),
          { id: required(values, 'id') },
        );
        print(
          response.camera ? describe(response.camera) : '',
          ingestV1.GetCameraResponse.toJSON(response),
        );
        break;
      }
      case 'remove': {
        const response = await call<ingestV1.RemoveCameraRequest, ingestV1.RemoveCameraResponse>(
          client.removeCamera.bind(client),
          { id: required(values, 'id') },
        );
        print(`removed ${response.id}`, ingestV1.RemoveCameraResponse.toJSON(response));
        break;
      }
      default:
        throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
    }
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (
      error instanceof UsageError ||
      (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`error: ${(error as Error).message}\n${USAGE}\n`);
      process.exit(2);
    }
    const grpc = error as Partial<ServiceError>;
    if (typeof grpc.code === 'number') {
      process.stderr.write(
        `error: ${status[grpc.code] ?? grpc.code} (${grpc.code}): ${grpc.details || grpc.message}\n`,
      );
    } else {
      process.stderr.write(`error: ${(error as Error).message ?? String(error)}\n`);
    }
    process.exit(1);
  },
);
