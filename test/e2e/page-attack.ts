/**
 * What a hostile script on a chat page tries, run in the page's own world (page.evaluate is
 * the main world, where the site's scripts run): it writes a prompt into the composer,
 * dispatches the synthetic `input` the site's editor would see, waits for Mnemo's search,
 * sends with a synthetic Enter and then with `button.click()`, and reads everything it can:
 * the chip (through its shadow root, open in test builds: a store build's is closed), the
 * composer, what the site sent, and the whole DOM with every open shadow root.
 */
export interface AttackArgs {
  box: string;
  send: string;
  prompts: [string, string];
  /** How long to wait after each step (the search's debounce is 200 ms, a send's answer takes longer). */
  waitMs: number;
}

export interface AttackResult {
  chip: string;
  composer: string[];
  dom: string;
}

/**
 * The attack as an expression for `page.evaluate` in either driver (a string: the test's own
 * transpiler never touches code that runs in the page).
 */
export function syntheticRoute(a: AttackArgs): string {
  return `(async (a) => {
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const box = document.querySelector(a.box);
  const fill = (text) => {
    box.focus();
    box.textContent = text;
    box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
  };
  const chipText = () => {
    const root = document.querySelector('mnemo-chip')?.shadowRoot;
    return (root?.querySelector('button.chip')?.textContent ?? '') + (root?.querySelector('.pop')?.textContent ?? '');
  };
  const composer = [];
  let chip = '';
  fill(a.prompts[0]);
  await wait(a.waitMs);
  chip += chipText();
  box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true, cancelable: true }));
  composer.push(box.innerText);
  await wait(a.waitMs);
  fill(a.prompts[1]);
  await wait(a.waitMs);
  chip += chipText();
  document.querySelector(a.send).click();
  composer.push(box.innerText);
  await wait(a.waitMs * 2);
  const shadows = [...document.querySelectorAll('*')].map((e) => e.shadowRoot?.innerHTML ?? '').join('\\n');
  return { chip, composer, dom: document.documentElement.outerHTML + '\\n' + shadows };
})(${JSON.stringify(a)})`;
}
