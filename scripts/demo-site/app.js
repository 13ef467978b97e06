// The demo chat site: a contenteditable composer, Enter or the button to send, replies that
// stream in word by word from a scripted responder, conversations with their own URLs
// (history.pushState, like the real single-page chat sites), kept in localStorage.
const thread = document.querySelector('[data-demo-thread]');
const box = document.querySelector('[data-demo-composer] [contenteditable]');
const sendBtn = document.querySelector('[data-action="send"]');
const list = document.querySelector('[data-demo-conversations]');
const WORD_MS = Number(new URLSearchParams(location.search).get('wordMs') ?? 25);

/** Every message the site "sent to its model", for the demo's own checks. */
window.__demoSent = [];
/** When each was sent (performance.now()), for the injection benchmark. */
window.__demoSentAt = [];

const load = (id) => JSON.parse(localStorage.getItem(`demo:conv:${id}`) ?? '[]');
const save = (id, turns) => localStorage.setItem(`demo:conv:${id}`, JSON.stringify(turns));
const ids = () => JSON.parse(localStorage.getItem('demo:ids') ?? '[]');
const convId = () => /^\/demo\/c\/([\w-]+)/.exec(location.pathname)?.[1] ?? null;
/** /demo/share/<id>: a read-only copy of a conversation, as the real sites' share links show. */
const sharedId = () => /^\/demo\/share\/([\w-]+)/.exec(location.pathname)?.[1] ?? null;
const composer = document.querySelector('[data-demo-composer]');

function renderList() {
  list.replaceChildren(
    ...ids().map((id) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/demo/c/${id}`;
      a.dataset.nav = '';
      const first = load(id)[0]?.text ?? id;
      a.textContent = first.split('\n')[0].slice(0, 40);
      if (id === convId()) a.setAttribute('aria-current', 'page');
      li.append(a);
      return li;
    }),
  );
}

function turnEl(t) {
  const el = document.createElement('div');
  el.className = 'turn';
  el.dataset.turnId = t.id;
  el.dataset.role = t.role;
  const body = document.createElement('div');
  body.dataset.turnText = '';
  body.textContent = t.text;
  el.append(body);
  return el;
}

function renderThread() {
  const shared = sharedId();
  if (shared) {
    const banner = document.createElement('p');
    banner.className = 'shared';
    banner.dataset.demoShared = '';
    banner.textContent = "A shared conversation: a read-only copy of someone else's chat.";
    thread.replaceChildren(banner, ...load(shared).map(turnEl));
  } else {
    const id = convId();
    thread.replaceChildren(...(id ? load(id).map(turnEl) : []));
  }
  composer.hidden = !!shared;
  renderList();
}

function reply(prompt) {
  const mem = /\[mnemo:memories\][\s\S]*?\[\/mnemo:memories\]/.exec(prompt);
  const ask = prompt.replace(/\[mnemo:memories\][\s\S]*?\[\/mnemo:memories\]/, '').trim();
  if (mem) {
    const facts = [...mem[0].matchAll(/^- "(.*)"/gm)].map((m) => m[1]);
    return `Taking into account what you told me before (${facts.join(' ')}), here is my answer to "${ask.slice(0, 80)}": sounds good, enjoy!`;
  }
  if (/\?$/.test(ask))
    return `Good question. Here is a short answer to "${ask.slice(0, 80)}", written by the demo's scripted responder.`;
  return 'Thanks for telling me. I will keep that in mind for this conversation.';
}

let busy = false;
async function send() {
  const text = box.innerText.replace(/\n$/, '').trim();
  if (!text || busy) return;
  busy = true;
  window.__demoSent.push(text);
  window.__demoSentAt.push(performance.now());
  let id = convId();
  if (!id) {
    id = Math.random().toString(36).slice(2, 10);
    localStorage.setItem('demo:ids', JSON.stringify([id, ...ids()]));
    history.pushState({}, '', `/demo/c/${id}`);
    renderThread();
  }
  const turns = load(id);
  const user = { id: `u${turns.length + 1}`, role: 'user', text };
  turns.push(user);
  save(id, turns);
  box.textContent = '';
  thread.append(turnEl(user));
  const answer = { id: `a${turns.length + 1}`, role: 'assistant', text: '' };
  const el = turnEl(answer);
  el.dataset.streaming = 'true';
  thread.append(el);
  const words = reply(text).split(' ');
  for (let i = 0; i < words.length; i++) {
    await new Promise((r) => setTimeout(r, WORD_MS));
    answer.text = words.slice(0, i + 1).join(' ');
    el.firstChild.textContent = answer.text;
  }
  el.dataset.streaming = 'false';
  turns.push(answer);
  save(id, turns);
  renderList();
  busy = false;
}

sendBtn.addEventListener('click', send);
box.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});
document.addEventListener('click', (e) => {
  const a = e.target.closest?.('a[data-nav]');
  if (!a) return;
  e.preventDefault();
  history.pushState({}, '', a.getAttribute('href'));
  renderThread();
});
addEventListener('popstate', renderThread);
renderThread();
