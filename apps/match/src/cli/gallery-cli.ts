/**
 * Operator CLI of sightline.gallery.v1 (the match service's enrolment API):
 *
 *   node tools/scripts/run-ts.cjs apps/match/src/cli/gallery-cli.ts <command> [options]
 *
 *   create-watchlist --name N --purpose P --legal-basis L --authorised-by A --owner O
 *                    --expires-in-days 30 --zones a,b [--threshold 0.9105] [--two-person]
 *       prints the new watchlist id
 *   enrol --watchlist ID --name "Display Name" --photo a.jpg [--photo b.jpg ...]
 *         --legal-basis L --source-reference R --enrolled-by E
 *       prints {"subjectId","templateIds","rejectedPhotos"} as JSON; a photo's reference is its path
 *   remove-subject --watchlist ID --subject ID --removed-by E --reason R
 *   stats
 *       prints {"watchlists","liveTemplates","bytes"} as JSON
 *
 * Every command takes --address host:port (default 127.0.0.1:50064) and a bearer token: --token T or
 * SIGHTLINE_TOKEN (create-watchlist needs an admin's, enrol and remove-subject an enroller's; locally
 * `node tools/scripts/run-ts.cjs tools/auth/issue-token.ts --role enroller` mints one). Failures
 * print the server's reason on stderr and exit 1; usage errors exit 2.
 */
import { credentials } from '@grpc/grpc-js';
import { operatorToken } from '@sightline/config';
import { bearerInterceptor, galleryV1, isServiceError, unaryCall } from '@sightline/proto';
import { DLIB_RESNET_MATCH_THRESHOLD } from '@sightline/vision';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const DEFAULT_ADDRESS = '127.0.0.1:50064';
const DAY_MS = 86_400_000;
const DEADLINE_MS = 120_000;

class UsageError extends Error {}

const OPTIONS = {
  address: { type: 'string', default: DEFAULT_ADDRESS },
  token: { type: 'string' },
  name: { type: 'string' },
  purpose: { type: 'string' },
  'legal-basis': { type: 'string' },
  'authorised-by': { type: 'string' },
  owner: { type: 'string' },
  'expires-in-days': { type: 'string' },
  zones: { type: 'string' },
  threshold: { type: 'string' },
  'two-person': { type: 'boolean', default: false },
  watchlist: { type: 'string' },
  photo: { type: 'string', multiple: true },
  'source-reference': { type: 'string' },
  'enrolled-by': { type: 'string' },
  subject: { type: 'string' },
  'removed-by': { type: 'string' },
  reason: { type: 'string' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

function required(values: Values, name: keyof typeof OPTIONS): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`--${name} is required`);
  return value;
}

function numberOption(values: Values, name: keyof typeof OPTIONS, fallback?: number): number {
  const raw = values[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = Number(required(values, name));
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number`);
  return value;
}

/** Promise form of a unary call, with the CLI's deadline. */
function unary<Req, Res>(
  invoke: Parameters<typeof unaryCall<Req, Res>>[0],
  request: Req,
): Promise<Res> {
  return unaryCall(invoke, request, DEADLINE_MS);
}

async function createWatchlist(
  client: galleryV1.GalleryServiceClient,
  values: Values,
): Promise<string> {
  const days = numberOption(values, 'expires-in-days');
  const response = await unary(client.createWatchlist.bind(client), {
    name: required(values, 'name'),
    purpose: required(values, 'purpose'),
    legalBasis: required(values, 'legal-basis'),
    authorisedBy: required(values, 'authorised-by'),
    owner: required(values, 'owner'),
    expiresAt: new Date(Date.now() + days * DAY_MS),
    zones: required(values, 'zones')
      .split(',')
      .map((zone) => zone.trim())
      .filter((zone) => zone !== ''),
    threshold: numberOption(values, 'threshold', DLIB_RESNET_MATCH_THRESHOLD),
    reviewMode: values['two-person']
      ? galleryV1.ReviewMode.REVIEW_MODE_TWO_PERSON
      : galleryV1.ReviewMode.REVIEW_MODE_SINGLE,
  });
  return response.watchlistId;
}

async function enrol(client: galleryV1.GalleryServiceClient, values: Values): Promise<string> {
  const paths = values.photo ?? [];
  if (paths.length === 0) throw new UsageError('at least one --photo is required');
  const photos = await Promise.all(
    paths.map(async (path) => {
      try {
        return { image: await readFile(path), reference: path };
      } catch (error) {
        throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
      }
    }),
  );
  const response = await unary(client.enrolSubject.bind(client), {
    watchlistId: required(values, 'watchlist'),
    displayName: required(values, 'name'),
    legalBasis: required(values, 'legal-basis'),
    sourceReference: required(values, 'source-reference'),
    enrolledBy: required(values, 'enrolled-by'),
    photos,
  });
  return JSON.stringify(response);
}

async function removeSubject(
  client: galleryV1.GalleryServiceClient,
  values: Values,
): Promise<string> {
  await unary(client.removeSubject.bind(client), {
    watchlistId: required(values, 'watchlist'),
    subjectId: required(values, 'subject'),
    removedBy: required(values, 'removed-by'),
    reason: required(values, 'reason'),
  });
  return 'removed';
}

async function stats(client: galleryV1.GalleryServiceClient): Promise<string> {
  return JSON.stringify(await unary(client.getGalleryStats.bind(client), {}));
}

async function run(argv: readonly string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const [command, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const token = values.token ?? operatorToken();
  if (!token) {
    throw new UsageError(
      'a bearer token is required: --token T or SIGHTLINE_TOKEN (tools/auth/issue-token.ts mints one locally)',
    );
  }
  const client = new galleryV1.GalleryServiceClient(values.address, credentials.createInsecure(), {
    interceptors: [bearerInterceptor(token)],
  });
  try {
    switch (command) {
      case 'create-watchlist':
        return await createWatchlist(client, values);
      case 'enrol':
        return await enrol(client, values);
      case 'remove-subject':
        return await removeSubject(client, values);
      case 'stats':
        return await stats(client);
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'a command is required');
    }
  } finally {
    client.close();
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
        'commands: create-watchlist | enrol | remove-subject | stats (see the header of gallery-cli.ts)\n',
      );
      process.exitCode = 2;
      return;
    }
    if (isServiceError(error)) {
      process.stderr.write(`error: ${error.details || error.message}\n`);
    } else {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exitCode = 1;
  },
);
