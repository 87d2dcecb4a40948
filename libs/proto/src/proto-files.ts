import path from 'node:path';

/** Root of the .proto sources, for loaders that read them at run time (Nest's gRPC transport). */
export const PROTO_ROOT = path.resolve(__dirname, '..', '..', '..', 'proto');

/** The .proto file of a package, e.g. protoFileOf('sightline.health.v1', 'health'). */
export function protoFileOf(packageName: string, file: string): string {
  return path.join(PROTO_ROOT, ...packageName.split('.'), `${file}.proto`);
}
