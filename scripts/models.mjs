#!/usr/bin/env node
// Puts the default embedding model into public/models/ (ignored by git) so the build ships it.
// Source, in order: $MNEMO_MODELS_DIR, ../shared/models beside the project, else the Hugging
// Face hub (with a progress bar, and each file checked against the sha256 the hub declares).
// An F32 matrix is stored as F16 so every file stays under web-ext lint's 4 MB limit.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_MODEL = 'minishlab/potion-base-2M';
const FILES = ['config.json', 'tokenizer.json', 'model.safetensors'];
// MNEMO_MODELS_HUB points the download at a mirror (and lets the tests use a local one).
const HUB = process.env.MNEMO_MODELS_HUB ?? 'https://huggingface.co';

function fail(msg) {
  console.error(`\nmodels: ${msg}\n`);
  process.exit(1);
}

/** safetensors F32 → F16 (round to nearest even), other dtypes unchanged. */
export function toF16Safetensors(buf) {
  const n = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8'));
  const data = buf.subarray(8 + n);
  let changed = false;
  const parts = [];
  let offset = 0;
  const out = {};
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') {
      out[name] = t;
      continue;
    }
    let bytes = data.subarray(t.data_offsets[0], t.data_offsets[1]);
    let dtype = t.dtype;
    if (dtype === 'F32') {
      const f32 = new Float32Array(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      );
      const f16 = new Uint16Array(f32.length);
      for (let i = 0; i < f32.length; i++) f16[i] = f32ToF16(f32[i]);
      bytes = Buffer.from(f16.buffer);
      dtype = 'F16';
      changed = true;
    }
    out[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    parts.push(bytes);
  }
  if (!changed) return buf;
  let head = Buffer.from(JSON.stringify(out), 'utf8');
  const pad = (8 - (head.length % 8)) % 8;
  head = Buffer.concat([head, Buffer.alloc(pad, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(head.length));
  return Buffer.concat([len, head, ...parts]);
}

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);
function f32ToF16(v) {
  f32buf[0] = v;
  const x = u32buf[0];
  const sign = (x >>> 16) & 0x8000;
  let exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp >= 31) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant = (mant | 0x800000) >> (1 - exp);
    return sign | ((mant + 0x1000) >> 13);
  }
  const r = sign | (exp << 10) | (mant >> 13);
  return (mant & 0x1fff) > 0x1000 || ((mant & 0x1fff) === 0x1000 && r & 1) ? r + 1 : r;
}

function localSource() {
  const candidates = [
    process.env.MNEMO_MODELS_DIR && resolve(process.env.MNEMO_MODELS_DIR),
    resolve(root, '..', 'shared', 'models'),
  ].filter(Boolean);
  for (const dir of candidates) {
    if (FILES.every((f) => existsSync(join(dir, DEFAULT_MODEL, f)))) return dir;
  }
  if (process.env.MNEMO_MODELS_DIR)
    fail(
      `MNEMO_MODELS_DIR=${process.env.MNEMO_MODELS_DIR} has no ${DEFAULT_MODEL}/{${FILES.join(',')}}.\n` +
        'Point it at a folder holding the model in the Hugging Face layout, or unset it.',
    );
  return null;
}

async function download(file) {
  const metaRes = await fetch(`${HUB}/api/models/${DEFAULT_MODEL}/tree/main`);
  if (!metaRes.ok) throw new Error(`the hub answered ${metaRes.status} for the file list`);
  const tree = await metaRes.json();
  const entry = tree.find((e) => e.path === file);
  const expected = entry?.lfs?.oid;
  const res = await fetch(`${HUB}/${DEFAULT_MODEL}/resolve/main/${file}`);
  if (!res.ok || !res.body) throw new Error(`the hub answered ${res.status} for ${file}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  const chunks = [];
  let got = 0;
  for await (const chunk of res.body) {
    chunks.push(chunk);
    got += chunk.length;
    if (total && process.stdout.isTTY) {
      const pct = Math.floor((got / total) * 100);
      const bar = '#'.repeat(pct / 4).padEnd(25, '.');
      process.stdout.write(`\r  ${file.padEnd(18)} [${bar}] ${pct}%`);
    }
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  const buf = Buffer.concat(chunks);
  if (expected) {
    const actual = createHash('sha256').update(buf).digest('hex');
    if (actual !== expected)
      throw new Error(`${file}: sha256 ${actual} does not match the hub's ${expected}`);
  }
  return buf;
}

export async function ensureModels({ quiet = false } = {}) {
  const outDir = join(root, 'public', 'models', DEFAULT_MODEL);
  mkdirSync(outDir, { recursive: true });
  const log = (m) => quiet || console.log(m);
  const src = localSource();
  for (const file of FILES) {
    const dest = join(outDir, file);
    let buf;
    if (src) {
      const from = join(src, DEFAULT_MODEL, file);
      if (existsSync(dest) && statSync(dest).mtimeMs >= statSync(from).mtimeMs) continue;
      buf = readFileSync(from);
    } else {
      if (existsSync(dest)) continue;
      log(`models: downloading ${DEFAULT_MODEL}/${file} from the Hugging Face hub`);
      try {
        buf = await download(file);
      } catch (err) {
        fail(
          `could not get ${DEFAULT_MODEL}/${file}: ${err.message}.\n` +
            'Mnemo needs this model to build. Either connect to the internet (it is downloaded from\n' +
            `${HUB}/${DEFAULT_MODEL}), or set MNEMO_MODELS_DIR to a folder holding ${DEFAULT_MODEL}/ ` +
            `with ${FILES.join(', ')}.`,
        );
      }
    }
    if (file === 'model.safetensors') buf = toF16Safetensors(buf);
    writeFileSync(dest, buf);
  }
  // transformers.js' tokenizer loader wants this beside tokenizer.json (model2vec ships none).
  writeFileSync(
    join(outDir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer' }) + '\n',
  );
  log(`models: ${DEFAULT_MODEL} ready in public/models (from ${src ?? 'the Hugging Face hub'})`);
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ensureModels();
}
