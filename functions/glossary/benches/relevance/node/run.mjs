// The node peers of the relevance benchmark: `node run.mjs fuse|minisearch` reads
// {docs, queries} as JSON on stdin, writes the top ten ids of every query as a JSON array on
// stdout. Each is configured as commonly used for a glossary, accents and case folded:
// Fuse.js with threshold 0.4, the name weighted above the aliases; MiniSearch with fuzzy 0.2
// and prefix search (as in a search box), the name boosted twice.
import Fuse from "fuse.js";
import MiniSearch from "minisearch";

const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { docs, queries } = JSON.parse(input);

const engines = {
  fuse() {
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
    return (q) => fuse.search(fold(q), { limit: 10 }).map((r) => r.item.id);
  },
  minisearch() {
    const mini = new MiniSearch({
      fields: ["name", "aliases"],
      extractField: (doc, field) => (field === "aliases" ? doc.aliases.join(" ") : doc[field]),
      processTerm: (term) => fold(term),
      searchOptions: { boost: { name: 2 }, fuzzy: 0.2, prefix: true },
    });
    mini.addAll(docs);
    return (q) => mini.search(q).slice(0, 10).map((r) => r.id);
  },
};

const engine = engines[process.argv[2]];
if (!engine) throw new Error(`usage: node run.mjs ${Object.keys(engines).join("|")}`);
const search = engine();
process.stdout.write(JSON.stringify(queries.map(search)));
