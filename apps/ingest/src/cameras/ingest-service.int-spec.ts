import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { ContractRegistry, decodeEnvelope, TOPICS } from '@sightline/contracts';
import { ensureTopics } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import { ingestV1 } from '@sightline/proto';
import {
  freePort,
  mintTestToken,
  mongoUrlFor,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  withBearer,
  type ServiceProcess,
} from '@sightline/testing';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import sharp from 'sharp';

/**
 * The ingest service as a real process against the real broker, FerretDB and ffmpeg: a file
 * camera's frames reach frames.v1, broken sources are visible without making the service unready,
 * and uploads / PushFrames validate what partners send.
 */
interface Frame {
  readonly cameraId: string;
  readonly frameId: string;
  readonly sequence: number;
  readonly width: number;
  readonly height: number;
  readonly encoding: string;
  readonly image: string;
  readonly zone: string;
  readonly sensitive: boolean;
  readonly source: string;
}

const SAMPLE = path.resolve(
  __dirname,
  '../../../../node_modules/@vladmandic/face-api/demo/sample1.jpg',
);
const run = uniqueName('it-ingest');
const database = run.replace(/-/g, '_');
const kafka = new Kafka({
  clientId: run,
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
const registry = new ContractRegistry([TOPICS.frames]);

function unary<Req, Res>(
  method: (request: Req, callback: (error: ServiceError | null, response: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method(request, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

describe('ingest service', () => {
  let service: ServiceProcess;
  let httpUrl: string;
  let cameras: ingestV1.CameraServiceClient;
  let ingest: ingestV1.IngestServiceClient;
  let consumer: Consumer;
  let workDir: string;
  // The admin manages cameras; frames come from a partner scoped to the cameras it pushes to.
  let adminToken: string;
  let partnerToken: string;
  const frames: Frame[] = [];

  const framesOf = (cameraId: string): Frame[] => frames.filter((f) => f.cameraId === cameraId);
  const cameraOf = async (id: string): Promise<ingestV1.Camera> => {
    const response = await unary<ingestV1.GetCameraRequest, ingestV1.GetCameraResponse>(
      cameras.getCamera.bind(cameras),
      { id },
    );
    if (!response.camera) throw new Error(`no camera ${id} in the response`);
    return response.camera;
  };
  const register = (request: Partial<ingestV1.RegisterCameraRequest> & { id: string }) =>
    unary<ingestV1.RegisterCameraRequest, ingestV1.RegisterCameraResponse>(
      cameras.registerCamera.bind(cameras),
      {
        name: request.id,
        zone: 'gate',
        sensitive: false,
        samplingFps: 5,
        sourceUri: '',
        loop: false,
        ...request,
      },
    );
  const metric = async (name: string, labels: string): Promise<number> => {
    const text = await (await fetch(`${httpUrl}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}{`) && labels.split(',').every((p) => l.includes(p)));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'it-ingest-'));
    // 2 s of video at 320 px wide from a real photo: fast to make, realistic JPEGs out.
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-loop',
      '1',
      '-i',
      SAMPLE,
      '-t',
      '2',
      '-r',
      '10',
      '-vf',
      'scale=320:-2',
      '-pix_fmt',
      'yuv420p',
      path.join(workDir, 'clip.mp4'),
    ]);
    writeFileSync(
      path.join(workDir, 'corrupt.mp4'),
      Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919 + 13) % 256)),
    );

    // On a fresh broker this test may run before any service has created the topic.
    await ensureTopics(kafka, [TOPICS.frames], { replicationFactor: 1 });
    consumer = kafka.consumer({ groupId: `${run}-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.frames.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        // Other runs share the topic; a message that does not decode is not ours to judge.
        let envelope;
        try {
          envelope = decodeEnvelope(message.value, registry);
        } catch {
          return;
        }
        if (!envelope.cameraId?.startsWith(run)) return;
        frames.push(envelope.payload as Frame);
      },
    });

    const grpcPort = await freePort();
    service = startServiceProcess('apps/ingest/src/main.ts', {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: `${run}.ingest`,
      MONGO_URL: mongoUrlFor(database),
      HTTP_PORT: '0',
      GRPC_PORT: String(grpcPort),
      INGEST_RECONNECT_INITIAL_MS: '200',
      INGEST_RECONNECT_MAX_MS: '800',
    });
    httpUrl = await waitForHttpUrl(service);
    adminToken = await mintTestToken('admin');
    partnerToken = await mintTestToken('partner', {
      subject: `${run}-partner`,
      cameras: [`${run}-upload`, `${run}-nobody`, `${run}-push`, `${run}-ghost`],
    });
    cameras = new ingestV1.CameraServiceClient(
      `127.0.0.1:${grpcPort}`,
      credentials.createInsecure(),
      withBearer(adminToken),
    );
    ingest = new ingestV1.IngestServiceClient(
      `127.0.0.1:${grpcPort}`,
      credentials.createInsecure(),
      withBearer(partnerToken),
    );
    await waitFor(
      () => fetch(`${httpUrl}/readyz`).then((r) => r.status),
      (code) => code === 200,
      { what: 'ingest to be ready' },
    );
  });

  afterAll(async () => {
    cameras?.close();
    ingest?.close();
    await service?.stop('SIGKILL');
    await consumer?.disconnect();
    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    await mongo.connection.dropDatabase();
    await mongo.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('publishes a file camera at its sampling rate, in sequence, as valid JPEGs, then FINISHED', async () => {
    const id = `${run}-file`;
    const { camera, created } = await register({
      id,
      name: 'File camera',
      zone: 'north',
      sensitive: true,
      samplingFps: 5,
      sourceUri: pathToFileURL(path.join(workDir, 'clip.mp4')).toString(),
      realtime: false,
    });
    expect(created).toBe(true);
    expect(camera).toMatchObject({ id, realtime: false, loop: false });

    const finished = await waitFor(
      () => cameraOf(id),
      (c) => c.status?.state === ingestV1.CameraState.CAMERA_STATE_FINISHED,
      { what: 'the file camera to finish', timeoutMs: 30_000 },
    );
    const published = finished.status?.framesPublished ?? 0;
    // 2 s at 5 fps; never dropped: a file source waits for the publisher instead.
    expect(published).toBeGreaterThanOrEqual(9);
    expect(published).toBeLessThanOrEqual(11);
    expect(finished.status?.framesDropped).toBe(0);

    const received = await waitFor(
      () => framesOf(id),
      (list) => list.length === published,
      { what: 'the file frames on frames.v1' },
    );
    expect(received.map((f) => f.sequence)).toEqual(received.map((_, i) => i));
    expect(new Set(received.map((f) => f.frameId)).size).toBe(received.length);
    for (const frame of received) {
      expect(frame).toMatchObject({
        width: 320,
        height: 214,
        encoding: 'jpeg',
        zone: 'north',
        sensitive: true,
        source: 'file',
      });
    }
    const decoded = await sharp(Buffer.from(received[3].image, 'base64'), { failOn: 'truncated' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([decoded.info.width, decoded.info.height]).toEqual([320, 214]);
    expect(
      await metric('sightline_ingest_frames_total', `camera="${id}",outcome="published"`),
    ).toBe(published);
  });

  it('gives up on a corrupt video with its ffmpeg error, and the service stays ready', async () => {
    const id = `${run}-corrupt`;
    await register({ id, sourceUri: pathToFileURL(path.join(workDir, 'corrupt.mp4')).toString() });
    const failed = await waitFor(
      () => cameraOf(id),
      (c) => c.status?.state === ingestV1.CameraState.CAMERA_STATE_FAILED,
      { what: 'the corrupt camera to fail' },
    );
    expect(failed.status?.lastError).toContain('Invalid data found when processing input');
    expect(failed.status?.reconnectAttempts).toBe(2);
    expect(failed.status?.framesPublished).toBe(0);
    expect((await fetch(`${httpUrl}/readyz`)).status).toBe(200);
    const listed = (await (
      await fetch(`${httpUrl}/cameras`, { headers: { authorization: `Bearer ${adminToken}` } })
    ).json()) as {
      cameras: { camera: { id: string }; status: { state: string } }[];
    };
    expect(listed.cameras.find((c) => c.camera.id === id)?.status.state).toBe('failed');
  });

  it('keeps reopening an unreachable RTSP camera with growing backoff', async () => {
    const id = `${run}-rtsp`;
    await register({ id, sourceUri: `rtsp://127.0.0.1:${await freePort()}/x` });
    const reconnecting = await waitFor(
      () => cameraOf(id),
      (c) => (c.status?.reconnectAttempts ?? 0) >= 3,
      { what: 'three reconnects' },
    );
    expect(reconnecting.status?.state).toBe(ingestV1.CameraState.CAMERA_STATE_RECONNECTING);
    expect(reconnecting.status?.lastError).toMatch(/Connection refused|Connection timed out/);
    expect(
      await metric('sightline_ingest_camera_reconnects_total', `camera="${id}"`),
    ).toBeGreaterThanOrEqual(3);
    const delays = service
      .output()
      .split('\n')
      .filter((line) => line.includes(`"cameraId":"${id}"`) && line.includes('reopening later'))
      .map((line) => (JSON.parse(line) as { delayMs: number }).delayMs);
    expect(delays.slice(0, 3)).toEqual([200, 400, 800]);
    expect((await fetch(`${httpUrl}/readyz`)).status).toBe(200);
    await unary<ingestV1.RemoveCameraRequest, ingestV1.RemoveCameraResponse>(
      cameras.removeCamera.bind(cameras),
      { id },
    );
    await expect(cameraOf(id)).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('accepts an uploaded JPEG with 202 and rejects a truncated one with 400, publishing nothing', async () => {
    const id = `${run}-upload`;
    const { camera } = await register({ id, zone: 'lobby' });
    expect(camera?.status?.state).toBe(ingestV1.CameraState.CAMERA_STATE_PUSH_ONLY);
    const jpeg = readFileSync(SAMPLE);
    const upload = (body: Buffer, cameraId = id) =>
      fetch(`${httpUrl}/cameras/${cameraId}/frames`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${partnerToken}` },
        body,
      });

    const accepted = await upload(jpeg);
    expect(accepted.status).toBe(202);
    const { frameId } = (await accepted.json()) as { frameId: string };
    const truncated = await upload(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    expect(truncated.status).toBe(400);
    expect(await truncated.json()).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('truncated or corrupt'),
    });
    const unknown = await upload(jpeg, `${run}-nobody`);
    expect(unknown.status).toBe(404);

    const [frame] = await waitFor(
      () => framesOf(id),
      (list) => list.length >= 1,
      { what: 'the uploaded frame' },
    );
    expect(frame).toMatchObject({
      frameId,
      width: 1920,
      height: 1280,
      source: 'upload',
      zone: 'lobby',
      sequence: 0,
    });
    expect(Buffer.from(frame.image, 'base64').equals(jpeg)).toBe(true);
    // The truncated upload never reaches the topic.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(framesOf(id)).toHaveLength(1);
    expect(await metric('sightline_ingest_frames_total', `camera="${id}",outcome="rejected"`)).toBe(
      1,
    );
  });

  it('PushFrames: counts a good and a bad frame, and fails the stream for an unknown camera', async () => {
    const id = `${run}-push`;
    await register({ id });
    const png = await sharp(readFileSync(SAMPLE)).resize(200).png().toBuffer();
    const push = (requests: ingestV1.PushFramesRequest[]) =>
      new Promise<ingestV1.PushFramesResponse>((resolve, reject) => {
        const stream = ingest.pushFrames((error, response) =>
          error ? reject(error) : resolve(response),
        );
        for (const request of requests) stream.write(request);
        stream.end();
      });

    const capturedAt = new Date('2026-01-02T03:04:05.678Z');
    const response = await push([
      { cameraId: id, image: png, capturedAt },
      { cameraId: id, image: Buffer.from('definitely not an image'), capturedAt: undefined },
    ]);
    expect(response).toEqual({
      accepted: 1,
      rejected: 1,
      dropped: 0,
      rejections: [{ index: 1, cameraId: id, reason: 'the image is neither a JPEG nor a PNG' }],
    });
    const [frame] = await waitFor(
      () => framesOf(id),
      (list) => list.length === 1,
      { what: 'the pushed frame' },
    );
    expect(frame).toMatchObject({ encoding: 'png', width: 200, height: 133, source: 'grpc' });
    expect((frame as Frame & { capturedAt: string }).capturedAt).toBe(capturedAt.toISOString());

    await expect(
      push([{ cameraId: `${run}-ghost`, image: png, capturedAt: undefined }]),
    ).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });
});
