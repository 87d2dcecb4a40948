import { TemplateStore } from './template-store';

function row(...values: number[]): Float32Array {
  return Float32Array.from(values);
}

describe('TemplateStore', () => {
  it('grows past its initial capacity without losing rows', () => {
    const store = new TemplateStore(2, 1);
    for (let i = 0; i < 3000; i += 1) store.append(row(i, -i));
    expect(store.size).toBe(3000);
    expect([...store.row(2999)]).toEqual([2999, -2999]);
    expect([...store.row(0)]).toEqual([0, -0]);
  });

  it('zeroes a killed row at once and compacts the survivors in slot order', () => {
    const store = new TemplateStore(2, 4);
    [row(1, 1), row(2, 2), row(3, 3), row(4, 4)].forEach((r) => store.append(r));

    store.kill(1);
    expect([...store.row(1)]).toEqual([0, 0]);
    expect(store.isLive(1)).toBe(false);
    expect(store.deadCount).toBe(1);
    const remap = store.compact();

    expect([...remap]).toEqual([0, -1, 1, 2]);
    expect(store.size).toBe(3);
    expect([...store.packedLiveRows()]).toEqual([1, 1, 3, 3, 4, 4]);
    expect(store.isLive(3)).toBe(false);
  });
});
