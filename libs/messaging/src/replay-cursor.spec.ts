import { ReplayCursor } from './replay-cursor';

describe('ReplayCursor', () => {
  it('treats everything before the start positions as applied, nothing else', () => {
    const cursor = new ReplayCursor([{ topic: 'g', partition: 0, offset: '5' }]);
    expect(cursor.isApplied('g', 0, '4')).toBe(true);
    expect(cursor.isApplied('g', 0, '5')).toBe(false);
    expect(cursor.isApplied('g', 1, '0')).toBe(false);
  });

  it('skips a rewound partition up to the last applied offset, never moving backwards', () => {
    const cursor = new ReplayCursor();
    for (const offset of ['0', '1', '2']) cursor.markApplied('g', 0, offset);
    cursor.markApplied('g', 0, '1'); // a redelivery after a rewind does not move it back
    expect(['0', '1', '2', '3'].map((offset) => cursor.isApplied('g', 0, offset))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
