/**
 * Graph topology helpers over the TF NodeDefs: lookup by name, default
 * outputs, and the topological order of the nodes needed for the requested
 * outputs (stopping at tensors that were cut into inputs).
 */
import type { ModelJson, TfNode } from '../tfjs/model-json.js';
import { parseTensorRef, tensorName } from '../tfjs/model-json.js';

/** Nodes by name; throws on duplicates. */
export function indexNodes(nodes: readonly TfNode[]): Map<string, TfNode> {
  const byName = new Map<string, TfNode>();
  for (const node of nodes) {
    if (byName.has(node.name)) throw new Error(`model.json has two nodes named "${node.name}"`);
    byName.set(node.name, node);
  }
  return byName;
}

/** Canonical TF tensor name (`node` or `node:k`) of a reference such as `node:0`. */
export function canonicalTensor(ref: string): string {
  const { node, index } = parseTensorRef(ref);
  return tensorName(node, Math.max(index, 0));
}

/** Default outputs: the signature's, else every node nobody consumes (excluding Const/NoOp/Placeholder). */
export function defaultOutputs(modelJson: ModelJson): string[] {
  const sig = modelJson.signature?.outputs;
  if (sig && Object.keys(sig).length > 0) return Object.values(sig).map((t) => canonicalTensor(t.name));
  const consumed = new Set<string>();
  for (const node of modelJson.modelTopology.node) for (const i of node.input ?? []) consumed.add(parseTensorRef(i).node);
  return modelJson.modelTopology.node
    .filter((n) => !consumed.has(n.name) && !['Const', 'NoOp', 'Placeholder'].includes(n.op))
    .map((n) => n.name);
}

/**
 * Nodes needed to compute `outputs`, in dependency order. Tensors in `cuts`
 * are treated as given, so nothing above them is visited.
 */
export function nodesInOrder(byName: ReadonlyMap<string, TfNode>, outputs: readonly string[], cuts: ReadonlySet<string>): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: { node: TfNode; next: number }[] = [];
  const push = (name: string, from: string): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`graph has a cycle through "${name}"`);
    const node = byName.get(name);
    if (!node) throw new Error(`node "${name}" (needed by ${from}) is not in the graph`);
    state.set(name, 'visiting');
    stack.push({ node, next: 0 });
  };
  for (const out of outputs) {
    if (cuts.has(canonicalTensor(out))) continue;
    push(parseTensorRef(out).node, 'the requested outputs');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const inputs = top.node.input ?? [];
      if (top.next < inputs.length) {
        const ref = parseTensorRef(inputs[top.next++]!);
        if (ref.index < 0 || cuts.has(tensorName(ref.node, ref.index))) continue;
        push(ref.node, `"${top.node.name}"`);
        continue;
      }
      stack.pop();
      state.set(top.node.name, 'done');
      order.push(top.node);
    }
  }
  return order;
}
