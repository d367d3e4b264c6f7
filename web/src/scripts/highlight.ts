// Matched text with <mark> around the API's highlights (UTF-16 offsets, as JS strings index).
import type { Schemas } from '../api/client';
import { el } from './dom';

export function highlighted(text: string, highlights: Schemas['Highlight'][]): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const { start, end } of [...highlights].sort((a, b) => a.start - b.start)) {
    if (start < at || end > text.length) {
      continue;
    }
    if (start > at) {
      nodes.push(document.createTextNode(text.slice(at, start)));
    }
    nodes.push(el('mark', {}, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) {
    nodes.push(document.createTextNode(text.slice(at)));
  }
  return nodes;
}
