import { unusablePositions } from './replay-position';

const ends = [
  { topic: 'g', partition: 0, high: '10', low: '0' },
  { topic: 'g', partition: 1, high: '7', low: '4' },
];

describe('unusablePositions', () => {
  it('accepts positions inside the log, including its very end (nothing new to replay)', () => {
    expect(
      unusablePositions(
        [
          { topic: 'g', partition: 0, offset: '10' },
          { topic: 'g', partition: 1, offset: '4' },
        ],
        ends,
      ),
    ).toEqual([]);
  });

  it('refuses a position past the end, before deleted events, or on a partition that is gone', () => {
    expect(
      unusablePositions(
        [
          { topic: 'g', partition: 0, offset: '11' },
          { topic: 'g', partition: 1, offset: '3' },
          { topic: 'g', partition: 2, offset: '0' },
        ],
        ends,
      ),
    ).toEqual([
      'g/0@11: past the end of the log (10)',
      'g/1@3: events before 4 were deleted',
      'g/2@0: the partition does not exist',
    ]);
  });
});
