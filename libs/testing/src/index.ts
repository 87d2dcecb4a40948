export { startServiceProcess, waitForHttpUrl, type ServiceProcess } from './service-process';
export { freePort, mongoUrlFor, testInfra, uniqueName } from './test-infra';
export { waitFor, waitUntilStable } from './wait-for';
export { readDeadLetters, type DeadLetter } from './dead-letters';
export {
  buildSampleVideo,
  demoPhotoPath,
  enrolmentPhoto,
  SAMPLE_SHOTS,
  SAMPLE_VIDEO_SIZE,
  shotTimes,
  type SampleShot,
} from './sample-video';
export { MESH_SERVICES, TestMesh, type MeshMember, type MeshService } from './test-mesh';
export { readTopicToEnd, type TopicRecord } from './topic-snapshot';
export { unary } from './grpc-unary';
export {
  LOCAL_MESH_ADDRESSES,
  localTokens,
  MeshDriver,
  type TokenSource,
  type FileCameraSpec,
  type MeshAddresses,
  type WatchlistSpec,
} from './mesh-driver';
export { startGroupAtEnd, waitForGroupCaughtUp } from './group-offsets';
export { DATASETS_DIR, datasetFile } from './datasets';
export {
  bearerMetadata,
  LOCAL_AUTH_ENV_FILE,
  mintTestToken,
  testAuthEnv,
  testAuthSecret,
  withBearer,
  type TestTokenOptions,
} from './test-tokens';
