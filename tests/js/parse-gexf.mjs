// Parse GEXF files with graphology-gexf (the parser behind Gephi Lite) and print what it read
// as JSON on stdout, one object per file, for tests/test_export.py to compare with networkx.
//
// Usage: node parse-gexf.mjs FILE.gexf [FILE.gexf ...]
import { readFileSync } from 'node:fs';
import Graph from 'graphology';
import gexf from 'graphology-gexf';

const out = {};
for (const file of process.argv.slice(2)) {
  const graph = gexf.parse(Graph, readFileSync(file, 'utf-8'));
  const nodes = {};
  graph.forEachNode((key, attributes) => {
    nodes[key] = attributes;
  });
  const edges = [];
  graph.forEachEdge((key, attributes, source, target, _s, _t, undirected) => {
    edges.push({ key, source, target, undirected, attributes });
  });
  out[file] = {
    type: graph.type,
    multi: graph.multi,
    order: graph.order,
    size: graph.size,
    attributes: graph.getAttributes(),
    nodes,
    edges,
  };
}
process.stdout.write(JSON.stringify(out));
