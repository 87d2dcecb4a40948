import { DomainError } from '@sightline/contracts';

/** Runs `action` and returns the DomainError it threw; fails the test if it threw nothing else. */
export function thrownDomainError(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}
