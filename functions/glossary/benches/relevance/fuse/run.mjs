// The Fuse.js peer of the relevance benchmark: reads {docs, queries} as JSON on stdin, writes
// the top ten ids of every query as a JSON array on stdout. Configuration as commonly used for
// a glossary: threshold 0.4, the name weighted above the aliases, accents and case folded.
import Fuse from "fuse.js";

const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { docs, queries } = JSON.parse(input);
const fuse = new Fuse(
  docs.map((d) => ({ id: d.id, name: fold(d.name), aliases: d.aliases.map(fold) })),
  {
    threshold: 0.4,
    keys: [
      { name: "name", weight: 2 },
      { name: "aliases", weight: 1 },
    ],
  },
);
const out = queries.map((q) => fuse.search(fold(q), { limit: 10 }).map((r) => r.item.id));
process.stdout.write(JSON.stringify(out));
