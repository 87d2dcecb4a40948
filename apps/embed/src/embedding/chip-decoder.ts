import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { ImageDecoder, isVisionError, type RgbImage } from '@sightline/vision';

/** Turns a chip as carried on the wire (JPEG, base64) into pixels; bad bytes are bad input. */
@Injectable()
export class ChipDecoder {
  private readonly decoder = new ImageDecoder();

  async decode(chipBase64: string, faceId: string): Promise<RgbImage> {
    const bytes = Buffer.from(chipBase64, 'base64');
    try {
      return await this.decoder.decode(
        new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
      );
    } catch (error) {
      if (!isVisionError(error)) throw error;
      // Retrying the same bytes cannot help: INVALID_ARGUMENT sends the event to the dead letters.
      throw new DomainError(
        ErrorCode.InvalidArgument,
        `chip of face ${faceId} does not decode: ${error.message}`,
        { faceId, visionCode: error.code },
        { cause: error },
      );
    }
  }
}
