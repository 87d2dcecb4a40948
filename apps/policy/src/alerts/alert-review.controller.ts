import type { Metadata } from '@grpc/grpc-js';
import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { principalOf, RequiresAccess } from '@sightline/service-kit';
import {
  alertToWire,
  reviewDecisionFromWire,
  type WireReviewAlertRequest,
  type WireReviewAlertResponse,
} from './alert-wire';
import { ReviewAlertUseCase } from './review-alert.usecase';

/** sightline.sightings.v1.AlertReviewService: the reviewer is whoever the token says. */
@Controller()
export class AlertReviewController {
  constructor(@Inject(ReviewAlertUseCase) private readonly reviewAlert: ReviewAlertUseCase) {}

  @GrpcMethod('AlertReviewService', 'ReviewAlert')
  @RequiresAccess('alerts.review')
  async review(
    request: WireReviewAlertRequest,
    metadata: Metadata,
  ): Promise<WireReviewAlertResponse> {
    const result = await this.reviewAlert.execute({
      alertId: request.alertId ?? '',
      reviewerId: principalOf(metadata).subject,
      decision: reviewDecisionFromWire(request.decision ?? 0),
      reason: request.reason ?? '',
      purpose: request.purpose || 'alert review',
    });
    return {
      alert: alertToWire(result.alert),
      confirmations: result.alert.confirmations.length,
      confirmationsRequired: result.confirmationsRequired,
    };
  }
}
