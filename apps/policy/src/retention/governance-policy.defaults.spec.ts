import { loadConfig } from '@sightline/config';
import { DEFAULT_GOVERNANCE_POLICY, governancePolicyOf } from './governance-policy.defaults';

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';

describe('governancePolicyOf', () => {
  it('reads the config defaults as the documented default policy', () => {
    const config = loadConfig({}, { SERVICE_NAME: 'policy', AUTH_JWT_SECRET: SECRET });
    expect(governancePolicyOf(config)).toEqual(DEFAULT_GOVERNANCE_POLICY);
  });

  it("takes days or 'forever' from the environment", () => {
    const config = loadConfig(
      {},
      {
        SERVICE_NAME: 'policy',
        AUTH_JWT_SECRET: SECRET,
        RETENTION_SIGHTINGS_DAYS: 'forever',
        RETENTION_AUDIT_DAYS: '3650',
        REVIEW_ESCALATE_AFTER_MINUTES: '5',
      },
    );
    expect(governancePolicyOf(config)).toMatchObject({
      escalateAfterMinutes: 5,
      retentionDays: { 'sightings-log': 'forever', audit: 3650 },
    });
  });

  it('refuses a retention that is not a number of days', () => {
    expect(() =>
      loadConfig(
        {},
        { SERVICE_NAME: 'policy', AUTH_JWT_SECRET: SECRET, RETENTION_MATCH_EVIDENCE_DAYS: '0' },
      ),
    ).toThrow(/RETENTION_MATCH_EVIDENCE_DAYS/);
  });
});
