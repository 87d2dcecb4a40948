import { gunzipSync } from 'node:zlib';

/**
 * Reads one file out of a .tgz (the ustar layout `npm pack` writes). A 40-line reader instead of a
 * `tar` dependency or the system binary, and it never writes any other member to disk.
 */
export function readTgzMember(tgz: Uint8Array, member: string): Buffer {
  const tar = gunzipSync(tgz);
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number): string =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const baseName = field(0, 100);
    const name = longName ?? (prefix ? `${prefix}/${baseName}` : baseName);
    longName = undefined;
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const bodyStart = offset + 512;
    const body = tar.subarray(bodyStart, bodyStart + size);
    offset = bodyStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (path) longName = path[1];
      continue;
    }
    if (name === member && (type === '0' || type === '')) return Buffer.from(body);
  }
  throw new Error(`member ${member} not found in archive`);
}
