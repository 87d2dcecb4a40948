import { ErrorCode } from '@sightline/contracts';
import { audienceFor, isActionable, type AlertAudience } from './alert-audience';
import type { AlertReviewCommand } from './alert-review-command';
import { alertReviewDecider } from './alert-review-decider';
import {
  initialAlertReviewState,
  type AlertReviewState,
  type AlertStatus,
  type ReviewedAlert,
} from './alert-review-state';
import { isDueForEscalation } from './decide-alert-review';
import { replayAlertReview } from './evolve-alert-review';
import { POLICY, type PolicyName } from './policy-name';
import { thrownDomainError } from './thrown.fixture';
import type { ReviewMode } from './watchlist';

const raisedAt = new Date('2026-03-01T12:00:00.000Z');
const minutesLater = (minutes: number) => new Date(raisedAt.getTime() + minutes * 60_000);
const policy = { escalateAfterMinutes: 15 };
const decider = alertReviewDecider(policy);

const alertFor = (reviewMode: ReviewMode): ReviewedAlert => ({
  alertId: 'a1',
  subjectId: 's1',
  enrolledBy: 'enroller.eve',
  reviewMode,
  raisedAt,
});

const raise = (mode: ReviewMode): AlertReviewCommand => ({ kind: 'raise', alert: alertFor(mode) });
const confirm = (
  reviewerId: string,
  minutes = 1,
  reason = 'face and gait match the reference',
): AlertReviewCommand => ({ kind: 'confirm', reviewerId, reason, at: minutesLater(minutes) });
const dismiss = (reviewerId: string, reason = 'different person'): AlertReviewCommand => ({
  kind: 'dismiss',
  reviewerId,
  reason,
  at: minutesLater(2),
});
const escalate = (minutes: number): AlertReviewCommand => ({
  kind: 'escalate',
  at: minutesLater(minutes),
});

function run(commands: readonly AlertReviewCommand[]): AlertReviewState {
  return commands.reduce(
    (state, command) => decider.decide(command, state).reduce(decider.evolve, state),
    decider.initialState,
  );
}

describe('human review decider', () => {
  it.each<[string, AlertReviewCommand[], AlertStatus, AlertAudience]>([
    ['nothing raised', [], 'absent', 'none'],
    ['raised, awaiting review', [raise('single')], 'pending_review', 'reviewers'],
    [
      'single mode, one confirmation',
      [raise('single'), confirm('rev.ann')],
      'confirmed',
      'action-channels',
    ],
    [
      'two-person, one confirmation',
      [raise('two-person'), confirm('rev.ann')],
      'pending_review',
      'reviewers',
    ],
    [
      'two-person, two different reviewers',
      [raise('two-person'), confirm('rev.ann'), confirm('rev.bob')],
      'confirmed',
      'action-channels',
    ],
    [
      'two-person, one confirmation then a dismissal',
      [raise('two-person'), confirm('rev.ann'), dismiss('rev.bob')],
      'dismissed',
      'none',
    ],
    ['single mode, dismissed', [raise('single'), dismiss('rev.ann')], 'dismissed', 'none'],
    ['escalated after the limit', [raise('single'), escalate(16)], 'escalated', 'reviewers'],
    [
      'escalated twice is a no-op',
      [raise('single'), escalate(16), escalate(30)],
      'escalated',
      'reviewers',
    ],
    [
      'escalated, then confirmed',
      [raise('single'), escalate(16), confirm('rev.ann', 20)],
      'confirmed',
      'action-channels',
    ],
    [
      'two-person, confirmation survives escalation',
      [raise('two-person'), confirm('rev.ann'), escalate(16), confirm('rev.bob', 20)],
      'confirmed',
      'action-channels',
    ],
    [
      'escalated, then dismissed',
      [raise('two-person'), escalate(16), dismiss('rev.ann')],
      'dismissed',
      'none',
    ],
  ])('%s → %s, shown to %s', (_case, commands, status, audience) => {
    const state = run(commands);

    expect(state.status).toBe(status);
    expect(audienceFor(state)).toBe(audience);
    expect(isActionable(state)).toBe(status === 'confirmed');
  });

  it.each<[string, AlertReviewCommand[], AlertReviewCommand, ErrorCode, PolicyName | undefined]>([
    [
      'the same reviewer confirming twice',
      [raise('two-person'), confirm('rev.ann')],
      confirm('rev.ann', 3),
      ErrorCode.PolicyRefused,
      POLICY.TWO_PERSON_REVIEW,
    ],
    [
      'the enroller confirming',
      [raise('single')],
      confirm('enroller.eve'),
      ErrorCode.PolicyRefused,
      POLICY.REVIEWER_IS_NOT_ENROLLER,
    ],
    [
      'the enroller as second confirmer',
      [raise('two-person'), confirm('rev.ann')],
      confirm('enroller.eve'),
      ErrorCode.PolicyRefused,
      POLICY.REVIEWER_IS_NOT_ENROLLER,
    ],
    [
      'the enroller dismissing',
      [raise('single')],
      dismiss('enroller.eve'),
      ErrorCode.PolicyRefused,
      POLICY.REVIEWER_IS_NOT_ENROLLER,
    ],
    [
      'a confirmation without a reason',
      [raise('single')],
      confirm('rev.ann', 1, ' '),
      ErrorCode.InvalidArgument,
      undefined,
    ],
    [
      'a dismissal without a reason',
      [raise('single')],
      dismiss('rev.ann', ''),
      ErrorCode.InvalidArgument,
      undefined,
    ],
    [
      'a review without a reviewer',
      [raise('single')],
      confirm(''),
      ErrorCode.InvalidArgument,
      undefined,
    ],
    ['reviewing an alert never raised', [], confirm('rev.ann'), ErrorCode.NotFound, undefined],
    ['escalating an alert never raised', [], escalate(60), ErrorCode.NotFound, undefined],
    ['raising an alert twice', [raise('single')], raise('single'), ErrorCode.Conflict, undefined],
    [
      'confirming a dismissed alert',
      [raise('single'), dismiss('rev.ann')],
      confirm('rev.bob'),
      ErrorCode.Conflict,
      undefined,
    ],
    [
      'dismissing a confirmed alert',
      [raise('single'), confirm('rev.ann')],
      dismiss('rev.bob'),
      ErrorCode.Conflict,
      undefined,
    ],
    [
      'escalating a confirmed alert',
      [raise('single'), confirm('rev.ann')],
      escalate(60),
      ErrorCode.Conflict,
      undefined,
    ],
    ['escalating before the limit', [raise('single')], escalate(15), ErrorCode.Conflict, undefined],
  ])('refuses %s', (_case, history, command, code, policyName) => {
    const state = run(history);

    const error = thrownDomainError(() => decider.decide(command, state));

    expect(error.code).toBe(code);
    expect(error.details.policy).toBe(policyName);
  });

  it.each<[number, boolean]>([
    [0, false],
    [15, false],
    [15.001, true],
    [60, true],
  ])('isDueForEscalation %s minutes after raising → %s', (minutes, due) => {
    expect(isDueForEscalation(run([raise('single')]), policy, minutesLater(minutes))).toBe(due);
  });

  it('records both confirmers and emits the confirmation only once the quorum is met', () => {
    const pending = run([raise('two-person'), confirm('rev.ann')]);
    const events = decider.decide(confirm('rev.bob', 5), pending);

    expect(events.map((event) => event.type)).toEqual(['confirmation-recorded', 'alert-confirmed']);
    const confirmed = events.reduce(decider.evolve, pending);
    expect(
      confirmed.status === 'confirmed' && confirmed.confirmations.map((c) => c.reviewerId),
    ).toEqual(['rev.ann', 'rev.bob']);
  });

  it.each<[string, AlertReviewState]>([
    ['absent', initialAlertReviewState],
    ['dismissed', run([raise('single'), dismiss('rev.ann')])],
  ])('evolve ignores events that do not fit a %s alert instead of throwing', (_case, state) => {
    expect(decider.evolve(state, { type: 'alert-confirmed', at: raisedAt })).toBe(state);
  });

  it('replays a history into the same state the decider reached', () => {
    const commands = [
      raise('two-person'),
      confirm('rev.ann'),
      escalate(16),
      confirm('rev.bob', 20),
    ];
    const events = commands.reduce<{
      state: AlertReviewState;
      log: ReturnType<typeof decider.decide>;
    }>(
      ({ state, log }, command) => {
        const produced = decider.decide(command, state);
        return { state: produced.reduce(decider.evolve, state), log: [...log, ...produced] };
      },
      { state: initialAlertReviewState, log: [] },
    ).log;

    expect(replayAlertReview(events)).toEqual(run(commands));
  });
});
