import { credentials, type ClientReadableStream, type Metadata } from '@grpc/grpc-js';
import type { Role } from '@sightline/governance';
import { alertsV1, galleryV1, ingestV1, sightingsV1 } from '@sightline/proto';
import { unary } from './grpc-unary';
import { enrolmentPhoto } from './sample-video';
import { bearerMetadata, mintTestToken } from './test-tokens';
import { waitFor } from './wait-for';

/** host:port of the gRPC servers the driver talks to. */
export interface MeshAddresses {
  readonly ingest: string;
  readonly match: string;
  readonly policy: string;
  readonly notify: string;
}

/** The ports `npm run up` gives the services (apps/<service>/src/main.ts defaults). */
export const LOCAL_MESH_ADDRESSES: MeshAddresses = {
  ingest: '127.0.0.1:50061',
  match: '127.0.0.1:50064',
  policy: '127.0.0.1:50065',
  notify: '127.0.0.1:50066',
};

export interface WatchlistSpec {
  readonly name: string;
  readonly zones: readonly string[];
  readonly threshold: number;
  readonly expiresInDays?: number;
}

export interface FileCameraSpec {
  readonly id: string;
  readonly zone: string;
  readonly videoPath: string;
  readonly samplingFps: number;
  readonly sensitive?: boolean;
  readonly loop?: boolean;
}

/** The bearer token the driver sends when it acts in `role` (as `subject` when given). */
export type TokenSource = (role: Role, subject?: string) => Promise<string>;

/** Tokens signed with the local or test secret (see testAuthSecret), one subject per role. */
export const localTokens: TokenSource = (role, subject) =>
  mintTestToken(role, {
    subject: subject ?? `mesh-driver-${role}`,
    purpose: 'Demonstration and tests of the mesh on public sample photos',
  });

/**
 * A partner system's view of the mesh, over its public gRPC APIs only: it creates a watchlist,
 * enrols a subject, plays a video as a camera and reads back sightings and alerts. The demo and
 * the end-to-end tests drive the mesh with it, so both exercise what a real client would.
 * Each call carries a token of the least role that may make it: the admin registers cameras and
 * creates watchlists, the enroller enrols, the reviewer reads sightings and alerts.
 */
export class MeshDriver {
  private readonly cameras: ingestV1.CameraServiceClient;
  private readonly gallery: galleryV1.GalleryServiceClient;
  private readonly sightings: sightingsV1.SightingServiceClient;
  private readonly alerts: alertsV1.AlertServiceClient;
  private readonly reviews: sightingsV1.AlertReviewServiceClient;

  constructor(
    addresses: MeshAddresses,
    private readonly tokens: TokenSource = localTokens,
  ) {
    const insecure = credentials.createInsecure();
    this.cameras = new ingestV1.CameraServiceClient(addresses.ingest, insecure);
    this.gallery = new galleryV1.GalleryServiceClient(addresses.match, insecure);
    this.sightings = new sightingsV1.SightingServiceClient(addresses.policy, insecure);
    this.alerts = new alertsV1.AlertServiceClient(addresses.notify, insecure);
    this.reviews = new sightingsV1.AlertReviewServiceClient(addresses.policy, insecure);
  }

  async createWatchlist(spec: WatchlistSpec): Promise<string> {
    const { watchlistId } = await unary<
      galleryV1.CreateWatchlistRequest,
      galleryV1.CreateWatchlistResponse
    >(
      this.gallery,
      this.gallery.createWatchlist,
      await this.as('admin'),
    )({
      name: spec.name,
      purpose: 'Demonstration of the mesh on public sample photos',
      legalBasis: 'Demonstration only: no real person is sought',
      authorisedBy: 'demo-authoriser',
      owner: 'demo-owner',
      expiresAt: new Date(Date.now() + (spec.expiresInDays ?? 1) * 86_400_000),
      zones: [...spec.zones],
      threshold: spec.threshold,
      reviewMode: galleryV1.ReviewMode.REVIEW_MODE_SINGLE,
    });
    return watchlistId;
  }

  async enrol(
    watchlistId: string,
    displayName: string,
    photo: Buffer,
    photoReference: string,
  ): Promise<galleryV1.EnrolSubjectResponse> {
    return unary<galleryV1.EnrolSubjectRequest, galleryV1.EnrolSubjectResponse>(
      this.gallery,
      this.gallery.enrolSubject,
      await this.as('enroller'),
    )({
      watchlistId,
      displayName,
      legalBasis: 'Demonstration only: no real person is sought',
      sourceReference: 'npm @vladmandic/face-api demo photos (MIT)',
      enrolledBy: 'demo-operator',
      photos: [{ image: photo, reference: photoReference }],
    });
  }

  /** A watchlist for `zone` with the sample person (from the face-api demo photos) enrolled. */
  async enrolSamplePerson(
    zone: string,
    threshold: number,
  ): Promise<{ watchlistId: string; enrolment: galleryV1.EnrolSubjectResponse }> {
    const watchlistId = await this.createWatchlist({
      name: `Sample watchlist for ${zone}`,
      zones: [zone],
      threshold,
    });
    const enrolment = await this.enrol(
      watchlistId,
      'Sample person',
      await enrolmentPhoto(),
      'face-api demo sample1.jpg, right-hand person',
    );
    return { watchlistId, enrolment };
  }

  async registerFileCamera(spec: FileCameraSpec): Promise<void> {
    await unary<ingestV1.RegisterCameraRequest, ingestV1.RegisterCameraResponse>(
      this.cameras,
      this.cameras.registerCamera,
      await this.as('admin'),
    )({
      id: spec.id,
      name: `Sample camera ${spec.id}`,
      zone: spec.zone,
      sensitive: spec.sensitive ?? false,
      samplingFps: spec.samplingFps,
      sourceUri: `file://${spec.videoPath}`,
      loop: spec.loop ?? false,
      realtime: true,
    });
  }

  async camera(id: string): Promise<ingestV1.Camera> {
    const { camera } = await unary<ingestV1.GetCameraRequest, ingestV1.GetCameraResponse>(
      this.cameras,
      this.cameras.getCamera,
      await this.as('admin'),
    )({ id });
    if (!camera) throw new Error(`ingest returned no camera for ${id}`);
    return camera;
  }

  async removeCamera(id: string): Promise<void> {
    await unary<ingestV1.RemoveCameraRequest, ingestV1.RemoveCameraResponse>(
      this.cameras,
      this.cameras.removeCamera,
      await this.as('admin'),
    )({ id });
  }

  /** Waits until a file camera has played to its end; fails fast when its source has failed. */
  async waitUntilPlayed(id: string, timeoutMs = 300_000): Promise<ingestV1.Camera> {
    return waitFor(
      () => this.camera(id),
      (camera) => {
        if (camera.status?.state === ingestV1.CameraState.CAMERA_STATE_FAILED) {
          throw new Error(`camera ${id} failed: ${camera.status.lastError}`);
        }
        return camera.status?.state === ingestV1.CameraState.CAMERA_STATE_FINISHED;
      },
      { what: `camera ${id} to play to its end`, timeoutMs, intervalMs: 500 },
    );
  }

  /** Every sighting of one camera, all pages. */
  async sightingsOf(cameraId: string): Promise<sightingsV1.Sighting[]> {
    const all: sightingsV1.Sighting[] = [];
    let pageToken = '';
    do {
      const page = await unary<
        sightingsV1.QuerySightingsRequest,
        sightingsV1.QuerySightingsResponse
      >(
        this.sightings,
        this.sightings.querySightings,
        await this.as('reviewer'),
      )({
        cameraId,
        subjectId: '',
        watchlistId: '',
        matchStatus: sightingsV1.MatchStatus.MATCH_STATUS_UNSPECIFIED,
        pageSize: 1000,
        pageToken,
        inferAttributes: [],
      });
      all.push(...page.sightings);
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    return all;
  }

  /** Every alert the policy service holds, all pages. */
  async allAlerts(): Promise<sightingsV1.Alert[]> {
    const all: sightingsV1.Alert[] = [];
    let pageToken = '';
    do {
      const page = await unary<sightingsV1.ListAlertsRequest, sightingsV1.ListAlertsResponse>(
        this.sightings,
        this.sightings.listAlerts,
        await this.as('reviewer'),
      )({
        status: sightingsV1.AlertStatus.ALERT_STATUS_UNSPECIFIED,
        pageSize: 1000,
        pageToken,
      });
      all.push(...page.alerts);
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    return all;
  }

  /**
   * Alerts as notify streams them live, as a reviewer sees them; call the returned function to
   * hang up. The stream opens as soon as the reviewer's token is signed (microseconds).
   */
  streamAlerts(onAlert: (alert: alertsV1.Alert) => void): () => void {
    let stream: ClientReadableStream<alertsV1.StreamAlertsResponse> | undefined;
    let hungUp = false;
    const open = (metadata: Metadata): void => {
      if (hungUp) return;
      stream = this.alerts.streamAlerts({}, metadata);
      stream.on('data', (response: alertsV1.StreamAlertsResponse) => {
        if (response.alert) onAlert(response.alert);
      });
      // Hanging up cancels the call, which surfaces here as an error we asked for.
      stream.on('error', () => undefined);
    };
    // A token that cannot be signed is a broken test set-up: fail loudly, not with silence.
    void this.as('reviewer').then(open, (error: unknown) => {
      throw new Error(`could not sign the reviewer's token: ${String(error)}`);
    });
    return () => {
      hungUp = true;
      stream?.cancel();
    };
  }

  /**
   * A reviewer's decision on an alert; `reviewer` names who decides (the two-person rule needs two
   * different ones).
   */
  async reviewAlert(
    alertId: string,
    decision: 'confirm' | 'dismiss',
    options: { reviewer?: string; reason?: string } = {},
  ): Promise<sightingsV1.ReviewAlertResponse> {
    return unary<sightingsV1.ReviewAlertRequest, sightingsV1.ReviewAlertResponse>(
      this.reviews,
      this.reviews.reviewAlert,
      await this.as('reviewer', options.reviewer),
    )({
      alertId,
      decision:
        decision === 'confirm'
          ? sightingsV1.ReviewDecision.REVIEW_DECISION_CONFIRM
          : sightingsV1.ReviewDecision.REVIEW_DECISION_DISMISS,
      reason: options.reason ?? `${decision}ed by the mesh driver`,
      purpose: 'Demonstration and tests of the mesh',
    });
  }

  private async as(role: Role, subject?: string): Promise<Metadata> {
    return bearerMetadata(await this.tokens(role, subject));
  }

  close(): void {
    for (const client of [this.cameras, this.gallery, this.sightings, this.alerts, this.reviews]) {
      client.close();
    }
  }
}
