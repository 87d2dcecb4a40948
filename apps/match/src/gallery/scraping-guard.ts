import { DomainError } from '@sightline/contracts';
import { refuseForbiddenRequest } from '@sightline/governance';

/** A web address: what a photo scraped from a web page or a social network is referenced by. */
const WEB_ADDRESS = /^\s*((https?:)?\/\/|www\.)/i;

export function isWebAddress(reference: string): boolean {
  return WEB_ADDRESS.test(reference);
}

/**
 * Refuses (POLICY_REFUSED, FAILED_PRECONDITION over gRPC) an enrolment whose person or photos are
 * referenced by a web address, and a subject without its own legal basis. Case photos are
 * referenced by case-file numbers; enrolment by scraping is never built here.
 */
export function refuseScrapedEnrolment(
  subject: { readonly legalBasis: string; readonly sourceReference: string },
  photoReferences: readonly string[],
): void {
  const scraped = [subject.sourceReference, ...photoReferences].find(isWebAddress);
  try {
    refuseForbiddenRequest({
      kind: 'enrol',
      origin: scraped === undefined ? 'case-file' : 'internet-scrape',
      subjects: [{ subjectId: 'new subject', legalBasis: subject.legalBasis }],
    });
  } catch (error) {
    if (!(error instanceof DomainError) || scraped === undefined) throw error;
    throw new DomainError(
      error.code,
      `${error.message}: ${scraped.trim()} is a web address; enrolment by scraping is never built here`,
      error.details,
      { cause: error },
    );
  }
}
