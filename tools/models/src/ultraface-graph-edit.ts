import { tensorValueInfo, type ModelProto, type NodeProto } from './onnx-proto';

/** The tensor that holds the raw location regressions, just before the baked-prior decoding. */
const RAW_DELTAS = '462';

/**
 * Cuts UltraFace RFB-320 before its box decoding, whose priors are constants for 320x240, and makes
 * the input height and width dynamic. The result outputs `scores` (softmax, [1,N,2]) and `deltas`
 * (raw SSD regressions, [1,N,4]); the library generates priors for the actual size and decodes.
 */
export function editUltraface(model: ModelProto): ModelProto {
  const graph = model.graph;
  const producers = new Map<string, NodeProto>();
  for (const n of graph.node) for (const o of n.output) producers.set(o, n);
  if (!producers.has(RAW_DELTAS) || !producers.has('scores')) {
    throw new Error('not the expected UltraFace graph: tensors 462/scores missing');
  }
  const keep = new Set<NodeProto>();
  const stack = ['scores', RAW_DELTAS];
  while (stack.length > 0) {
    const producer = producers.get(stack.pop() as string);
    if (!producer || keep.has(producer)) continue;
    keep.add(producer);
    stack.push(...producer.input);
  }
  const nodes = graph.node
    .filter((n) => keep.has(n))
    .map((n) => ({ ...n, output: n.output.map((o) => (o === RAW_DELTAS ? 'deltas' : o)) }));
  const used = new Set(nodes.flatMap((n) => n.input));
  return {
    ...model,
    docString:
      'UltraFace version-RFB-320 (MIT) with the 320x240 prior decoding removed and dynamic input size; edited by tools/models',
    graph: {
      ...graph,
      node: nodes,
      initializer: graph.initializer.filter((t) => used.has(t.name)),
      input: [tensorValueInfo('input', [1, 3, 'height', 'width'])],
      output: [
        tensorValueInfo('scores', [1, 'anchors', 2]),
        tensorValueInfo('deltas', [1, 'anchors', 4]),
      ],
      valueInfo: [],
    },
  };
}
