import { ErrorCode } from '@sightline/contracts';
import { pendingAlert, reviewHarness } from './alert-review.fixture';
import type { Alert } from './alert.entity';
import { ReviewAlertUseCase, type ReviewAlertCommand } from './review-alert.usecase';

function setUp(alerts: Alert[] = [pendingAlert()]) {
  const harness = reviewHarness(alerts);
  const useCase = new ReviewAlertUseCase(
    harness.repository,
    harness.outbox,
    harness.audit,
    harness.metrics,
    harness.clock,
    { escalateAfterMinutes: 15 },
  );
  const review = (overrides: Partial<ReviewAlertCommand>) =>
    useCase.execute({
      alertId: 'al-1',
      reviewerId: 'reviewer-a',
      decision: 'confirm',
      reason: 'same person as the enrolment photo',
      purpose: 'case 42',
      ...overrides,
    });
  return { ...harness, review };
}

describe('ReviewAlertUseCase', () => {
  it('needs two different reviewers under the two-person rule', async () => {
    const { review, rows, published } = setUp();
    const first = await review({});
    expect(first.alert.status).toBe('pending_review');
    expect(first.confirmationsRequired).toBe(2);
    await expect(review({})).rejects.toMatchObject({
      code: ErrorCode.PolicyRefused,
      message: expect.stringContaining('POLICY.TWO_PERSON_REVIEW'),
    });
    const second = await review({ reviewerId: 'reviewer-b' });
    expect(second.alert.status).toBe('confirmed');
    expect(rows.get('al-1')).toMatchObject({
      status: 'confirmed',
      confirmations: [
        expect.objectContaining({ reviewerId: 'reviewer-a' }),
        expect.objectContaining({ reviewerId: 'reviewer-b' }),
      ],
      outbox: [],
    });
    expect(published.filter((p) => p.topic === 'alerts.v1').map((p) => p.envelope.payload)).toEqual(
      [
        expect.objectContaining({ reviewerId: 'reviewer-a', status: 'pending_review' }),
        expect.objectContaining({ reviewerId: 'reviewer-b', status: 'confirmed' }),
      ],
    );
  });

  it('confirms with one reviewer in single mode', async () => {
    const { review } = setUp([pendingAlert({ reviewMode: 'single' })]);
    await expect(review({})).resolves.toMatchObject({
      alert: { status: 'confirmed' },
      confirmationsRequired: 1,
    });
  });

  it('refuses the enroller of the subject, and audits the refusal', async () => {
    const { review, audited, published, rows } = setUp();
    await expect(review({ reviewerId: 'enroller-1' })).rejects.toMatchObject({
      code: ErrorCode.PolicyRefused,
      message: expect.stringContaining('POLICY.REVIEWER_IS_NOT_ENROLLER'),
    });
    expect(rows.get('al-1')?.revision).toBe(0);
    expect(published).toHaveLength(0);
    expect(audited).toEqual([
      expect.objectContaining({
        fact: expect.objectContaining({
          actor: 'enroller-1',
          action: 'alert.confirm',
          target: 'al-1',
          outcome: 'refused',
        }),
      }),
    ]);
  });

  it('writes the allowed decision to the audit log with the watchlist searched', async () => {
    const { review, published } = setUp();
    await review({ decision: 'dismiss', reason: 'different person' });
    const audit = published.filter((p) => p.topic === 'audit.v1').map((p) => p.envelope.payload);
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'reviewer-a',
        role: 'reviewer',
        purpose: 'case 42',
        action: 'alert.dismiss',
        databaseSearched: 'wl-1',
        outcome: 'allowed',
      }),
    ]);
  });

  it('closes the alert on a dismissal; no later decision is accepted', async () => {
    const { review, rows } = setUp();
    await review({ decision: 'dismiss', reason: 'different person' });
    expect(rows.get('al-1')).toMatchObject({
      status: 'dismissed',
      dismissal: { reviewerId: 'reviewer-a', reason: 'different person' },
    });
    await expect(review({ reviewerId: 'reviewer-b' })).rejects.toMatchObject({
      code: ErrorCode.Conflict,
    });
  });

  it('refuses an empty reason and an unknown alert', async () => {
    const { review } = setUp();
    await expect(review({ reason: ' ' })).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
    });
    await expect(review({ alertId: 'al-unknown' })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
  });

  it('lets only one of two concurrent first confirmations count', async () => {
    const { review, rows, audited } = setUp();
    const outcomes = await Promise.allSettled([
      review({ reviewerId: 'reviewer-a' }),
      review({ reviewerId: 'reviewer-b' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({
      reason: expect.objectContaining({ code: ErrorCode.Conflict }),
    });
    expect(rows.get('al-1')?.confirmations).toHaveLength(1);
    // A lost race is retried, not refused: nothing is audited for it.
    expect(audited).toHaveLength(0);
  });

  it('lets no one decide an alert whose alertRaised is not published yet', async () => {
    const { review, rows, audited } = setUp([pendingAlert({ published: false })]);
    await expect(review({})).rejects.toMatchObject({ code: ErrorCode.Conflict });
    expect(rows.get('al-1')?.confirmations).toEqual([]);
    expect(audited).toHaveLength(0);
  });

  it('keeps the decision and its audit record in the outbox when the broker is down', async () => {
    const { review, rows, state, audited } = setUp();
    state.failPublish = true;
    await expect(review({})).rejects.toThrow('broker unavailable');
    expect(audited).toHaveLength(0);
    expect(rows.get('al-1')?.confirmations).toHaveLength(1);
    expect(rows.get('al-1')?.outbox.map((event) => event.topic)).toEqual(['alerts.v1', 'audit.v1']);
  });
});
