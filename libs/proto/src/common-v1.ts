// Barrel for the sightline.common.v1 package, which spans several .proto files. Each generated
// file repeats helpers (protobufPackage, DeepPartial, MessageFns, ...), so `export *` from more
// than one of them would be ambiguous: list the messages explicitly, and add new ones here.
export { BoundingBox } from './generated/sightline/common/v1/geometry';
export { TimeRange } from './generated/sightline/common/v1/time_range';
