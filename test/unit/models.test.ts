/**
 * scripts/models.mjs: where the default model comes from (a local folder, else the hub with
 * a checksum), F32 weights stored as F16, and a clear stop when there is no way to get it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../src/embed/static';
import { toF16Safetensors } from '../../scripts/models.mjs';

const SCRIPT = resolve(__dirname, '../../scripts/models.mjs');
const MODEL = 'minishlab/potion-base-2M';

function f32Safetensors(rows: number, dims: number): Buffer {
  const vals = new Float32Array(rows * dims).map((_, i) => Math.sin(i) * 0.5);
  const header = Buffer.from(
    JSON.stringify({
      embeddings: { dtype: 'F32', shape: [rows, dims], data_offsets: [0, vals.byteLength] },
    }),
  );
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([len, header, Buffer.from(vals.buffer)]);
}

/** Runs the script without blocking this process (the fake hub answers from here). */
function runAsync(
  script: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => ok({ status, stderr }));
  });
}

/** A copy of the script in an empty project: no ../shared beside it. */
function isolatedScript(): { dir: string; script: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-models-'));
  mkdirSync(join(dir, 'proj', 'scripts'), { recursive: true });
  const script = join(dir, 'proj', 'scripts', 'models.mjs');
  copyFileSync(SCRIPT, script);
  return { dir: join(dir, 'proj'), script };
}

describe('F32 → F16 conversion', () => {
  it('keeps the values within half precision and halves the size', () => {
    const f32 = f32Safetensors(50, 8);
    const f16 = toF16Safetensors(f32) as Buffer;
    expect(f16.length).toBeLessThan(f32.length * 0.6);
    const a = parseSafetensors(new Uint8Array(f32).buffer);
    const b = parseSafetensors(new Uint8Array(f16).buffer);
    expect(b.dims).toBe(8);
    for (let i = 0; i < a.data.length; i++)
      expect(Math.abs(a.data[i]! - b.data[i]!)).toBeLessThan(1e-3);
  });
});

describe('getting the model', () => {
  let server: Server;
  let hub = '';
  const files: Record<string, Buffer> = {
    'config.json': Buffer.from('{"hidden_dim": 8}'),
    'tokenizer.json': Buffer.from('{"model": {}}'),
    'model.safetensors': f32Safetensors(40, 8),
  };
  let corrupt = false;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '';
      if (url === `/api/models/${MODEL}/tree/main`) {
        res.end(
          JSON.stringify(
            Object.entries(files).map(([path, b]) => ({
              path,
              lfs: path.endsWith('.safetensors')
                ? { oid: createHash('sha256').update(b).digest('hex') }
                : undefined,
            })),
          ),
        );
        return;
      }
      const name = url.split('/resolve/main/')[1];
      const body = name ? files[name] : undefined;
      if (!body) return void res.writeHead(404).end();
      res.end(
        corrupt && name === 'model.safetensors' ? Buffer.concat([body, Buffer.from('x')]) : body,
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    hub = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads from the hub when no local copy exists, checks the checksum, stores F16', async () => {
    const { dir, script } = isolatedScript();
    const r = await runAsync(script, { MNEMO_MODELS_DIR: '', MNEMO_MODELS_HUB: hub });
    expect(r.status, r.stderr).toBe(0);
    const out = join(dir, 'public', 'models', MODEL);
    expect(existsSync(join(out, 'tokenizer_config.json'))).toBe(true);
    const m = parseSafetensors(new Uint8Array(readFileSync(join(out, 'model.safetensors'))).buffer);
    expect(m.rows).toBe(40);
    expect(readFileSync(join(out, 'model.safetensors')).length).toBeLessThan(
      files['model.safetensors']!.length,
    );
  });

  it('refuses a download whose checksum does not match, and says what to do', async () => {
    corrupt = true;
    const { script } = isolatedScript();
    const r = await runAsync(script, { MNEMO_MODELS_DIR: '', MNEMO_MODELS_HUB: hub });
    corrupt = false;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/sha256 .* does not match/);
    expect(r.stderr).toMatch(/MNEMO_MODELS_DIR/);
  });

  it('stops with a message when the model cannot be had', () => {
    const { script } = isolatedScript();
    const r = spawnSync(process.execPath, [script], {
      env: { ...process.env, MNEMO_MODELS_DIR: '', MNEMO_MODELS_HUB: 'http://127.0.0.1:9' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Mnemo needs this model to build');
    expect(r.stderr).toContain('set MNEMO_MODELS_DIR');
  });

  it('says so when MNEMO_MODELS_DIR points at a folder without the model', () => {
    const { script } = isolatedScript();
    const empty = mkdtempSync(join(tmpdir(), 'mnemo-empty-'));
    const r = spawnSync(process.execPath, [script], {
      env: { ...process.env, MNEMO_MODELS_DIR: empty },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`MNEMO_MODELS_DIR=${empty} has no ${MODEL}`);
  });
});
