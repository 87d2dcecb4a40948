import { ContractRegistry } from './contract-registry';
import { faceEmbedded } from './face-events';
import { newEnvelope } from './new-envelope';
import { decodeEnvelope, encodeEnvelope } from './envelope-codec';
import { DomainError } from './domain-error';
import { RETAIN_FOREVER } from './topic-definition';
import { ALL_TOPICS, TOPICS } from './topic-registry';

const HOUR = 3_600_000;

describe('topic registry', () => {
  it('versions every topic name', () => {
    for (const topic of ALL_TOPICS) expect(topic.name).toMatch(/^[a-z]+(\.[a-z]+)*\.v\d+$/);
  });

  it('keeps biometric topics for an hour at most and never forever', () => {
    for (const topic of ALL_TOPICS.filter((t) => t.carriesBiometrics && t !== TOPICS.galleries)) {
      expect(topic.retentionMs).toBeGreaterThan(0);
      expect(topic.retentionMs).toBeLessThanOrEqual(HOUR);
    }
  });

  it('keeps the sightings log and the audit log forever, audit on one partition for its chain', () => {
    expect(TOPICS.sightings.retentionMs).toBe(RETAIN_FOREVER);
    expect(TOPICS.audit.retentionMs).toBe(RETAIN_FOREVER);
    expect(TOPICS.audit.partitions).toBe(1);
  });

  it('builds a registry of the whole mesh without clashes', () => {
    const registry = new ContractRegistry(ALL_TOPICS);
    expect(registry.topics).toHaveLength(ALL_TOPICS.length);
    expect(() => registry.topic('nope.v1')).toThrow(DomainError);
  });

  it('rejects a template that is not L2-normalised or holds NaN', () => {
    const registry = new ContractRegistry(ALL_TOPICS);
    const unit = Array.from({ length: 128 }, () => 1 / Math.sqrt(128));
    const payload = {
      cameraId: 'c',
      zone: 'z',
      trackId: 't',
      faceId: 'f',
      alignedChip: 'chip',
      capturedAt: new Date().toISOString(),
      quality: 0.5,
      template: unit,
      embedder: 'dlib',
    };
    const ok = newEnvelope(faceEmbedded, payload, { source: 'embed' });
    expect(decodeEnvelope(encodeEnvelope(ok), registry).payload).toEqual(payload);
    const scaled = { ...ok, payload: { ...payload, template: unit.map((v) => v * 2) } };
    expect(() => decodeEnvelope(encodeEnvelope(scaled), registry)).toThrow(/L2-normalised/);
    const withNaN = encodeEnvelope(ok)
      .toString()
      .replace(/"template":\[[^,]+/, '"template":[NaN');
    expect(() => decodeEnvelope(Buffer.from(withNaN), registry)).toThrow(DomainError);
  });
});
