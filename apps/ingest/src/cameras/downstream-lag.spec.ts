import { partitionLags, partitionOfKey, shouldDropForLag } from './downstream-lag';

describe('downstream lag', () => {
  it('computes per-partition lag and treats a never-committed partition as no lag', () => {
    const lags = partitionLags(
      [
        { partition: 0, high: '100' },
        { partition: 1, high: '40' },
        { partition: 2, high: '7' },
      ],
      [
        { partition: 0, offset: '30' },
        { partition: 1, offset: '-1' },
      ],
    );
    expect([...lags]).toEqual([
      [0, 70],
      [1, 0],
      [2, 0],
    ]);
  });

  it('maps a key to the partition of the murmur2 default partitioner, stable and in range', () => {
    // Kafka's murmur2 test vectors (UtilsTest: "21" -> -973932308, "foobar" -> -790332482),
    // made positive and taken modulo 1000: the same partition the Java client would choose.
    expect(partitionOfKey('21', 1000)).toBe(340);
    expect(partitionOfKey('foobar', 1000)).toBe(166);
    const keys = ['cam-1', 'cam-2', 'gate-north', 'x'];
    const partitions = keys.map((key) => partitionOfKey(key, 6));
    expect(partitions.every((p) => Number.isInteger(p) && p >= 0 && p < 6)).toBe(true);
    expect(keys.map((key) => partitionOfKey(key, 6))).toEqual(partitions);
    expect(new Set(keys.map((key) => partitionOfKey(key, 1)))).toEqual(new Set([0]));
  });

  it('drops only above the allowed lag', () => {
    expect(shouldDropForLag(50, 50)).toBe(false);
    expect(shouldDropForLag(51, 50)).toBe(true);
    expect(shouldDropForLag(0, 1)).toBe(false);
  });
});
