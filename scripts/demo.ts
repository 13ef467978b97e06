/**
 * npm run demo               builds Mnemo, serves the demo chat site on 127.0.0.1 and opens
 *                            Chromium with Mnemo loaded: chat, and watch memories appear.
 * npm run demo -- --headless runs a scripted conversation in headless Chromium and prints,
 *                            step by step, what was captured, stored and injected; exits
 *                            non-zero if any step fails.
 */
import { build } from './build.mjs';
import { demoSent, launch, sendDemoPrompt, waitForAnswer, type ChromiumSession } from './chromium';
import type { Episode, Memory } from '../src/memory/types';

const headless = process.argv.includes('--headless');

const C = process.stdout.isTTY
  ? {
      ok: '\x1b[32m✔\x1b[0m',
      bad: '\x1b[31m✘\x1b[0m',
      dim: (s: string) => `\x1b[2m${s}\x1b[0m`,
      bold: (s: string) => `\x1b[1m${s}\x1b[0m`,
    }
  : { ok: 'OK', bad: 'FAIL', dim: (s: string) => s, bold: (s: string) => s };

let failures = 0;
function expectStep(ok: boolean, what: string): void {
  console.log(`  ${ok ? C.ok : C.bad} ${what}`);
  if (!ok) failures++;
}
const indent = (s: string) =>
  s
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');

async function scripted(s: ChromiumSession): Promise<void> {
  const list = async () => (await s.service<{ items: Memory[] }>('list', { status: 'all' })).items;
  const page = await s.ctx.newPage();

  console.log(C.bold('\n1. You tell the demo chat site about yourself'));
  const first = "Hi! I'm vegetarian, I live in Lisbon and I work at Acme as a data engineer.";
  await page.goto(`${s.origin}/demo/`);
  await sendDemoPrompt(page, first);
  await waitForAnswer(page, 1);
  console.log(indent(`you:       ${first}`));
  console.log(
    indent(`assistant: ${await page.locator('[data-role="assistant"]').last().textContent()}`),
  );

  console.log(C.bold('\n2. Mnemo captured the turns and stored facts (IndexedDB, on this device)'));
  let status = await s.drain();
  for (let i = 0; i < 50 && status.episodes < 2; i++) {
    await page.waitForTimeout(100);
    status = await s.drain();
  }
  const episodes = await s.service<{ type: string; episode?: Episode }[]>('search', {
    query: first,
    includeEpisodes: true,
    limit: 5,
  });
  const captured = episodes.find((h) => h.episode?.role === 'user')?.episode;
  expectStep(!!captured, `captured the user turn ${C.dim(captured ? `(${captured.key})` : '')}`);
  if (captured) console.log(indent(`"${captured.text}"`));
  const facts = await list();
  expectStep(facts.length > 0, `stored ${facts.length} fact(s), embedded with potion-base-2M:`);
  for (const m of facts) console.log(indent(`- ${m.text}  ${C.dim(`[${m.kind}, ${m.bucket}]`)}`));

  console.log(C.bold('\n3. In a new chat, a later prompt gets the relevant memories'));
  const second = 'Can you suggest a vegetarian restaurant near where I live?';
  const page2 = await s.ctx.newPage();
  await page2.goto(`${s.origin}/demo/`);
  await sendDemoPrompt(page2, second);
  await waitForAnswer(page2, 1);
  const sent = (await demoSent(page2)).at(-1) ?? '';
  const injected = sent.includes('[mnemo:memories]');
  expectStep(injected, 'the prompt was sent with a marked memory block:');
  console.log(indent(sent));
  expectStep(
    /vegetarian/i.test(sent.split('[mnemo:memories]')[1] ?? ''),
    'the block holds the vegetarian memory',
  );
  console.log(
    indent(`assistant: ${await page2.locator('[data-role="assistant"]').last().textContent()}`),
  );

  console.log(C.bold('\n4. The injected block is never captured again'));
  await page2.waitForTimeout(600);
  await s.drain();
  const after = await list();
  const leaked = after.filter(
    (m) => m.text.includes('mnemo:memories') || m.text.includes('Context from my Mnemo'),
  );
  expectStep(
    leaked.length === 0,
    `no memory holds the block (${after.length} memories, ${facts.length} before)`,
  );
  const hits = await s.service<{ text: string }[]>('search', {
    query: 'Context from my Mnemo memory quoted notes',
    includeEpisodes: true,
    limit: 50,
  });
  expectStep(
    !hits.some((h) => h.text.includes('[mnemo:memories]')),
    'the stored turn was stripped of the block',
  );

  console.log(C.bold('\n5. A prompt that needs no memory gets none'));
  const page3 = await s.ctx.newPage();
  await page3.goto(`${s.origin}/demo/`);
  await sendDemoPrompt(page3, 'What is the capital of France?');
  await waitForAnswer(page3, 1);
  const plain = (await demoSent(page3)).at(-1) ?? '';
  expectStep(!plain.includes('[mnemo:memories]'), `sent as typed: "${plain}"`);
}

async function main(): Promise<void> {
  console.log('Building Mnemo (test build: it also runs on the local demo site)…');
  await build({ test: true, store: false });
  if (!headless && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error(
      '\nNo display found to open a browser window. Run `npm run demo -- --headless` for the scripted demo.',
    );
    process.exit(2);
  }
  const s = await launch({ headless });
  console.log(`Demo chat site: ${s.origin}/demo/   (extension id ${s.extensionId})`);
  if (!headless) {
    const page = await s.ctx.newPage();
    await page.goto(`${s.origin}/demo/`);
    console.log(
      '\nChromium is open with Mnemo. Tell the demo site about yourself ("I\'m vegetarian"),',
    );
    console.log(
      'then ask something related in a new chat. Open the Mnemo popup from the toolbar to see',
    );
    console.log('your memories. Close the browser window (or press Ctrl+C) to stop.');
    await new Promise<void>((done) => {
      s.ctx.on('close', () => done());
      process.on('SIGINT', () => done());
    });
    await s.close().catch(() => undefined);
    return;
  }
  try {
    await scripted(s);
  } catch (err) {
    failures++;
    console.error(`\n${C.bad} the demo stopped: ${(err as Error).message}`);
  } finally {
    await s.close();
  }
  console.log(failures ? `\n${C.bad} ${failures} step(s) failed.` : `\n${C.ok} Every step worked.`);
  process.exit(failures ? 1 : 0);
}

void main();
