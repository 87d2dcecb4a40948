import type { ContractRegistry } from '@sightline/contracts';
import { lookaheadTopicOf } from './lookahead';

/**
 * A service must handle every topic it subscribes to and subscribe to every topic it handles (or
 * looks ahead on, see lookaheadPattern); either mismatch means events would be silently skipped,
 * so start-up fails instead.
 */
export function subscriptionProblems(
  subscriptions: readonly string[],
  handlerPatterns: readonly string[],
  registry: ContractRegistry,
): string[] {
  const problems: string[] = [];
  const handled = new Set(handlerPatterns.filter((pattern) => !lookaheadTopicOf(pattern)));
  const subscribed = new Set(subscriptions);
  for (const topic of subscriptions) {
    if (!registry.hasTopic(topic))
      problems.push(`subscribes to ${topic}, which is not in the topic registry`);
    if (!handled.has(topic))
      problems.push(`subscribes to ${topic} but has no @EventPattern('${topic}') handler`);
  }
  for (const pattern of handlerPatterns) {
    const ahead = lookaheadTopicOf(pattern);
    if (ahead !== undefined && !subscribed.has(ahead))
      problems.push(`looks ahead on ${ahead} but does not subscribe to it`);
    if (ahead === undefined && !subscribed.has(pattern))
      problems.push(`has a handler for ${pattern} but does not subscribe to it`);
  }
  return problems;
}
