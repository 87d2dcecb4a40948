import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import sharp from 'sharp';
import { readImageHeader, type ImageHeader } from './image-header';

/**
 * Checks a frame a partner sent before it enters the mesh: a JPEG or PNG header, then a full
 * decode that fails on truncation (sharp alone only warns about a truncated JPEG unless told
 * `failOn: 'truncated'`). Frames of ingest's own ffmpeg sources skip this: ffmpeg encoded them.
 */
@Injectable()
export class ImageValidator {
  async validate(image: Buffer, maxBytes: number): Promise<ImageHeader> {
    if (image.length === 0) throw invalid('the image is empty', 'empty');
    if (image.length > maxBytes) {
      throw invalid(
        `the image has ${image.length} bytes, more than the ${maxBytes} allowed`,
        'too_big',
      );
    }
    const header = readImageHeader(image);
    if (!header) throw invalid('the image is neither a JPEG nor a PNG', 'not_an_image');
    try {
      const { info } = await sharp(image, { failOn: 'truncated' })
        .raw()
        .toBuffer({ resolveWithObject: true });
      return { encoding: header.encoding, width: info.width, height: info.height };
    } catch (error) {
      throw invalid(
        `the ${header.encoding.toUpperCase()} cannot be decoded (truncated or corrupt): ${(error as Error).message}`,
        'corrupt',
      );
    }
  }
}

function invalid(message: string, reason: string): DomainError {
  return new DomainError(ErrorCode.InvalidArgument, message, { reason });
}
