import { TOPICS } from '@sightline/contracts';
import type { Kafka } from 'kafkajs';
import { startGroupAtEnd } from './group-offsets';
import { MeshDriver, type TokenSource } from './mesh-driver';
import { freePort } from './test-infra';
import { testAuthEnv } from './test-tokens';
import { startServiceProcess, waitForHttpUrl, type ServiceProcess } from './service-process';
import { waitFor } from './wait-for';
import { SERVICE_NODE_OPTIONS } from './service-node-options';

export const MESH_SERVICES = ['ingest', 'detect', 'embed', 'match', 'policy', 'notify'] as const;
export type MeshService = (typeof MESH_SERVICES)[number];

/** The topics each service consumes as a member of its group (replayed topics are read whole). */
const CONSUMED: Readonly<Record<Exclude<MeshService, 'ingest'>, readonly string[]>> = {
  detect: [TOPICS.frames.name],
  embed: [TOPICS.facesDetected.name],
  match: [TOPICS.facesEmbedded.name],
  policy: [TOPICS.sightings.name, TOPICS.evidence.name],
  notify: [TOPICS.alerts.name],
};

export interface MeshMember {
  readonly process: ServiceProcess;
  readonly httpUrl: string;
  /** host:port of the service's gRPC server. */
  readonly grpcAddress: string;
}

/** Six real service processes, each with its own ports, sharing one broker and one database. */
export class TestMesh {
  private readonly members = new Map<MeshService, MeshMember>();

  private constructor(
    private readonly sharedEnv: Readonly<Record<string, string>>,
    private readonly serviceEnv: Partial<Record<MeshService, Readonly<Record<string, string>>>>,
  ) {}

  /** Starts every service and waits until each answers /readyz with 200. */
  static async start(
    sharedEnv: Readonly<Record<string, string>>,
    serviceEnv: Partial<Record<MeshService, Readonly<Record<string, string>>>> = {},
  ): Promise<TestMesh> {
    const mesh = new TestMesh(sharedEnv, serviceEnv);
    const started = await Promise.all(MESH_SERVICES.map((service) => mesh.launch(service)));
    try {
      for (const service of MESH_SERVICES) await mesh.awaitReady(service, started);
    } catch (error) {
      // A mesh that never became ready must not outlive the caller as orphaned processes.
      await Promise.all(started.map(({ process }) => process.stop('SIGKILL')));
      throw error;
    }
    return mesh;
  }

  /**
   * A mesh whose consumer groups (`<run>.<service>`) start at today's end of every topic, so it
   * handles only what the caller does next and not every earlier run's events. The topics must
   * exist (ensureTopics).
   */
  static async startFromNow(
    kafka: Kafka,
    run: string,
    sharedEnv: Readonly<Record<string, string>>,
    serviceEnv: Partial<Record<MeshService, Readonly<Record<string, string>>>> = {},
  ): Promise<TestMesh> {
    for (const [service, topics] of Object.entries(CONSUMED)) {
      await startGroupAtEnd(kafka, `${run}.${service}`, topics);
    }
    return TestMesh.start(
      { ...sharedEnv, INGEST_DOWNSTREAM_GROUP: `${run}.detect` },
      Object.fromEntries(
        MESH_SERVICES.map((service) => [
          service,
          { KAFKA_GROUP_ID: `${run}.${service}`, ...serviceEnv[service] },
        ]),
      ),
    );
  }

  /** A client of this mesh's gRPC APIs, with tokens signed by the secret the mesh verifies with. */
  driver(tokens?: TokenSource): MeshDriver {
    return new MeshDriver(
      {
        ingest: this.member('ingest').grpcAddress,
        match: this.member('match').grpcAddress,
        policy: this.member('policy').grpcAddress,
        notify: this.member('notify').grpcAddress,
      },
      tokens,
    );
  }

  member(service: MeshService): MeshMember {
    const member = this.members.get(service);
    if (!member) throw new Error(`${service} is not running`);
    return member;
  }

  /** Kills one service without a drain (a crash), then starts it again on the same ports. */
  async crashAndRestart(service: MeshService): Promise<void> {
    const { grpcAddress } = this.member(service);
    await this.member(service).process.stop('SIGKILL');
    this.members.delete(service);
    const grpcPort = grpcAddress.split(':')[1];
    const started = [await this.launch(service, grpcPort)];
    await this.awaitReady(service, started);
  }

  /** Drains every service with SIGTERM; resolves with their exit codes in MESH_SERVICES order. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<(number | string)[]> {
    const exits = await Promise.all(
      MESH_SERVICES.map(async (service) => {
        const member = this.members.get(service);
        return member ? member.process.stop(signal) : 0;
      }),
    );
    this.members.clear();
    return exits;
  }

  /** Every service's log, for a failing test to show. */
  logs(): string {
    return [...this.members]
      .map(([service, member]) => `----- ${service}\n${member.process.output().slice(-20_000)}`)
      .join('\n');
  }

  private async launch(
    service: MeshService,
    grpcPort?: string,
  ): Promise<{ service: MeshService; process: ServiceProcess; grpcPort: string }> {
    const port = grpcPort ?? String(await freePort());
    const nodeOptions = SERVICE_NODE_OPTIONS[service];
    const process = startServiceProcess(`apps/${service}/src/main.ts`, {
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      ...testAuthEnv(),
      ...this.sharedEnv,
      ...this.serviceEnv[service],
      HTTP_PORT: '0',
      GRPC_PORT: port,
    });
    return { service, process, grpcPort: port };
  }

  private async awaitReady(
    service: MeshService,
    started: readonly { service: MeshService; process: ServiceProcess; grpcPort: string }[],
  ): Promise<void> {
    const entry = started.find((candidate) => candidate.service === service);
    if (!entry) throw new Error(`${service} was not launched`);
    const httpUrl = await waitForHttpUrl(entry.process, 180_000);
    this.members.set(service, {
      process: entry.process,
      httpUrl,
      grpcAddress: `127.0.0.1:${entry.grpcPort}`,
    });
    await waitFor(
      () =>
        fetch(`${httpUrl}/readyz`)
          .then((response) => response.status)
          .catch(() => 0),
      (status) => status === 200,
      { what: `${service} to be ready`, timeoutMs: 180_000 },
    );
  }
}
