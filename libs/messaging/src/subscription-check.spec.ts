import { ALL_TOPICS, ContractRegistry } from '@sightline/contracts';
import { subscriptionProblems } from './subscription-check';

const registry = new ContractRegistry(ALL_TOPICS);

describe('subscriptionProblems', () => {
  it('accepts handlers that match subscriptions exactly', () => {
    expect(subscriptionProblems(['frames.v1'], ['frames.v1'], registry)).toEqual([]);
  });

  it('names a subscription without a handler, a handler without a subscription and an unknown topic', () => {
    expect(
      subscriptionProblems(['frames.v1', 'nope.v1'], ['sightings.v1', 'nope.v1'], registry),
    ).toEqual([
      "subscribes to frames.v1 but has no @EventPattern('frames.v1') handler",
      'subscribes to nope.v1, which is not in the topic registry',
      'has a handler for sightings.v1 but does not subscribe to it',
    ]);
  });

  it('accepts a lookahead handler beside the topic’s handler, and only on a subscribed topic', () => {
    expect(
      subscriptionProblems(['frames.v1'], ['frames.v1', 'frames.v1#lookahead'], registry),
    ).toEqual([]);
    expect(subscriptionProblems(['frames.v1'], ['frames.v1#lookahead'], registry)).toEqual([
      "subscribes to frames.v1 but has no @EventPattern('frames.v1') handler",
    ]);
    expect(
      subscriptionProblems(['frames.v1'], ['frames.v1', 'sightings.v1#lookahead'], registry),
    ).toEqual(['looks ahead on sightings.v1 but does not subscribe to it']);
  });
});
