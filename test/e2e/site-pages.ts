/**
 * Saved chat pages made to behave like the live site, for the e2e tests. The real sites'
 * scripts are not in the saved pages, so a small page script (appended by the test server
 * through `pageScripts`) stands in for them:
 *
 * - it moves the page to a conversation URL (`/__site/<site><path>`, as the site's router
 *   would) and offers `window.__nav(path)` for SPA navigation (thread emptied, pushState);
 * - it keeps an editor model the way the site's framework does, and sends what that model
 *   holds, not what the DOM shows: ProseMirror/Quill re-read the DOM on `input`; Lexical
 *   takes keyboard input and pastes only (any other write is reverted); a React textarea
 *   sees only values set through the prototype's setter (React's value tracker);
 * - Enter (not Shift+Enter, not while composing) and the send button send: a new user turn
 *   cloned from the page's own markup, the composer cleared, then an assistant turn cloned
 *   the same way that streams with the site's markers and then finishes;
 * - `window.__sent` lists what was sent, `window.__done` counts finished answers.
 */

export interface SitePage {
  /** Test name. */
  name: string;
  site: string;
  /** File under ../shared/fixtures/sites/<site>/. */
  file: string;
  /** Conversation paths on the real site (the adapter reads the id from them). */
  path1: string;
  path2: string;
  /** Conversation ids the adapter reads from path1/path2. */
  conv1: string;
  conv2: string;
  editor: 'prosemirror' | 'quill' | 'lexical' | 'textarea';
  /** Turns with text already on the saved page (as test/sites/expectations.ts has them); never captured: the user did not send them here. */
  pageTurns: number;
  box: string;
  /** A user turn element and, inside it, where its text goes. */
  user: string;
  userText: string;
  /** An assistant turn element and, inside it, where its text goes. */
  asst: string;
  asstText: string;
  /** 'pair': user and assistant turns are siblings under `root`; 'exchange': one element per exchange (found by climbing). */
  layout: { kind: 'pair'; root: string } | { kind: 'exchange' };
  /** The send button; `create` when the site removes it while the composer is empty. */
  send: {
    sel: string;
    create?: { html: string; within: string };
    disableWhenEmpty?: boolean;
    hiddenWhenEmpty?: boolean;
  };
  /** While an answer streams: attributes/classes on parts of the assistant turn, and the stop control. */
  streaming: {
    attr?: { sel: string; name: string; on: string; off: string | null };
    cls?: { sel: string; name: string };
    stop?:
      | { kind: 'label'; label: string }
      | { kind: 'class'; name: string }
      | { kind: 'insert'; html: string };
  };
  /** Send with Enter or by clicking the button, per step. */
  via: ['enter' | 'click', 'enter' | 'click', 'enter' | 'click'];
}

export const SITE_PAGES: SitePage[] = [
  {
    name: 'ChatGPT ([data-message-author-role], 2026-02)',
    site: 'chatgpt',
    file: 'oae-2026-02-27-main.html',
    path1: '/c/6a1f0c1e-0000-4000-8000-00000000c001',
    path2: '/c/6a1f0c1e-0000-4000-8000-00000000c002',
    conv1: '6a1f0c1e-0000-4000-8000-00000000c001',
    conv2: '6a1f0c1e-0000-4000-8000-00000000c002',
    editor: 'prosemirror',
    pageTurns: 11,
    box: '#prompt-textarea',
    user: '[data-message-author-role="user"]',
    userText: '.whitespace-pre-wrap',
    asst: '[data-message-author-role="assistant"]',
    asstText: '.markdown',
    layout: { kind: 'pair', root: '[data-testid^="conversation-turn"]' },
    send: {
      sel: '#composer-submit-button',
      create: {
        html: '<button id="composer-submit-button" data-testid="send-button" aria-label="Send prompt" type="button" class="composer-submit-btn">↑</button>',
        within: 'form',
      },
    },
    streaming: {
      cls: { sel: '.markdown', name: 'result-streaming' },
      stop: {
        kind: 'insert',
        html: '<button data-testid="stop-button" aria-label="Stop streaming" type="button">■</button>',
      },
    },
    via: ['enter', 'click', 'enter'],
  },
  {
    name: 'ChatGPT ([data-turn-key], 2026-09)',
    site: 'chatgpt',
    file: 'driftwatch-2026-09-21-composing-sanitized.html',
    path1: '/c/6a1f0c1e-0000-4000-8000-00000000d001',
    path2: '/c/6a1f0c1e-0000-4000-8000-00000000d002',
    conv1: '6a1f0c1e-0000-4000-8000-00000000d001',
    conv2: '6a1f0c1e-0000-4000-8000-00000000d002',
    editor: 'prosemirror',
    pageTurns: 0,
    box: 'form[data-chatgpt-composer] [data-composer-markdown]',
    user: '[data-content-search-unit-key$=":user"]',
    userText: 'div[dir="auto"]',
    asst: '[data-content-search-unit-key$=":assistant"]',
    asstText: '[data-markdown-text-style="assistant-message"]',
    layout: { kind: 'exchange' },
    send: { sel: 'form[data-chatgpt-composer] button[type="submit"]' },
    streaming: { stop: { kind: 'label', label: 'Stop' } },
    via: ['click', 'enter', 'click'],
  },
  {
    name: 'Claude (.font-claude-response, 2026-02)',
    site: 'claude',
    file: 'oae-2026-02-27-main.html',
    path1: '/chat/0b7e2c1a-0000-4000-8000-00000000a001',
    path2: '/chat/0b7e2c1a-0000-4000-8000-00000000a002',
    conv1: '0b7e2c1a-0000-4000-8000-00000000a001',
    conv2: '0b7e2c1a-0000-4000-8000-00000000a002',
    editor: 'prosemirror',
    pageTurns: 14,
    box: '[data-testid="chat-input"]',
    user: '[data-testid="user-message"]',
    userText: '',
    asst: '[data-is-streaming]',
    asstText: '.standard-markdown',
    layout: { kind: 'pair', root: '[data-test-render-count]' },
    send: {
      sel: 'button[aria-label="Send message"]',
      create: {
        html: '<button aria-label="Send message" type="button" class="send">↑</button>',
        within: 'div:has(> div > [data-testid="chat-input"])',
      },
    },
    streaming: { attr: { sel: '', name: 'data-is-streaming', on: 'true', off: 'false' } },
    via: ['enter', 'click', 'enter'],
  },
  {
    name: 'Gemini (Quill, user-query/model-response)',
    site: 'gemini',
    file: 'oae-2026-02-27-main.html',
    path1: '/app/1a2b3c4d5e6f7081',
    path2: '/app/1a2b3c4d5e6f7082',
    conv1: '1a2b3c4d5e6f7081',
    conv2: '1a2b3c4d5e6f7082',
    editor: 'quill',
    pageTurns: 6,
    box: 'rich-textarea .ql-editor',
    user: 'user-query',
    userText: '.query-text',
    asst: 'model-response',
    asstText: 'message-content .markdown',
    layout: { kind: 'exchange' },
    send: { sel: 'button.send-button' },
    streaming: {
      attr: { sel: 'message-content .markdown', name: 'aria-busy', on: 'true', off: 'false' },
      stop: { kind: 'class', name: 'stop' },
    },
    via: ['enter', 'click', 'click'],
  },
  {
    name: 'Perplexity (Lexical, 2026-02)',
    site: 'perplexity',
    file: 'oae-2026-02-27-main.html',
    path1: '/search/mnemo-e2e-first.Ab1Cd2Ef3',
    path2: '/search/mnemo-e2e-second.Gh4Ij5Kl6',
    conv1: 'mnemo-e2e-first.Ab1Cd2Ef3',
    conv2: 'mnemo-e2e-second.Gh4Ij5Kl6',
    editor: 'lexical',
    pageTurns: 6,
    box: '#ask-input',
    user: '[class*="group/query"]',
    userText: 'span',
    asst: '[id^="markdown-content-"]',
    asstText: '.prose',
    layout: { kind: 'exchange' },
    send: { sel: 'button[aria-label="Submit"]', disableWhenEmpty: true },
    streaming: {
      stop: {
        kind: 'insert',
        html: '<button aria-label="Stop" type="button" data-testid="stop-generating-response-button">■</button>',
      },
    },
    via: ['enter', 'click', 'enter'],
  },
  {
    name: 'DeepSeek (React textarea, 2026-05)',
    site: 'deepseek',
    file: 'covai-2026-05-chat.html',
    path1: '/a/chat/s/5c6d7e8f-0000-4000-8000-00000000e001',
    path2: '/a/chat/s/5c6d7e8f-0000-4000-8000-00000000e002',
    conv1: '5c6d7e8f-0000-4000-8000-00000000e001',
    conv2: '5c6d7e8f-0000-4000-8000-00000000e002',
    editor: 'textarea',
    pageTurns: 2,
    box: 'textarea[name="search"]',
    user: '.ds-message:not(:has(.ds-markdown))',
    userText: '.ds-message > div',
    asst: '.ds-message:has(.ds-markdown)',
    asstText: '.ds-markdown',
    layout: { kind: 'pair', root: '[data-virtual-list-item-key]' },
    send: { sel: 'div:has(> textarea) ~ * [role="button"].ds-icon-button' },
    streaming: { attr: { sel: '.ds-message', name: 'aria-busy', on: 'true', off: null } },
    via: ['enter', 'click', 'enter'],
  },
  {
    name: 'Le Chat (ProseMirror, 2026-05)',
    site: 'mistral',
    file: 'covai-2026-05-chat.html',
    path1: '/chat/7d8e9f00-0000-4000-8000-00000000f001',
    path2: '/chat/7d8e9f00-0000-4000-8000-00000000f002',
    conv1: '7d8e9f00-0000-4000-8000-00000000f001',
    conv2: '7d8e9f00-0000-4000-8000-00000000f002',
    editor: 'prosemirror',
    pageTurns: 2,
    box: 'form div.ProseMirror[contenteditable="true"]',
    user: '[data-message-author-role="user"]',
    userText: '.select-text',
    asst: '[data-message-author-role="assistant"]',
    asstText: '[data-message-part-type="answer"]',
    layout: { kind: 'pair', root: '[data-testid="conversation-layout"] > div' },
    send: { sel: 'form button[type="submit"]', hiddenWhenEmpty: true },
    streaming: {
      attr: {
        sel: '[data-message-part-type="answer"]',
        name: 'data-streaming',
        on: 'true',
        off: 'false',
      },
      stop: { kind: 'insert', html: '<button aria-label="Stop" type="button">■</button>' },
    },
    via: ['click', 'enter', 'click'],
  },
];

/** The page script for one saved page (plain ES2020, runs in the page). */
export function pageScript(p: SitePage, answerWords = 12): string {
  return `(${PAGE_MAIN})(${JSON.stringify({ ...p, answerWords })});`;
}

const PAGE_MAIN = String.raw`function (cfg) {
  var prefix = '/__site/' + cfg.site;
  history.replaceState({}, '', prefix + cfg.path1);
  window.__sent = [];
  window.__done = 0;
  var box = document.querySelector(cfg.box);
  if (!box) throw new Error('no composer ' + cfg.box);
  var users = function () { return Array.prototype.slice.call(document.querySelectorAll(cfg.user)); };
  var assts = function () { return Array.prototype.slice.call(document.querySelectorAll(cfg.asst)); };
  var rnd = function (n) { var s = ''; while (s.length < n) s += Math.random().toString(16).slice(2); return s.slice(0, n); };
  var uuid = function () { return rnd(8) + '-' + rnd(4) + '-4' + rnd(3) + '-8' + rnd(3) + '-' + rnd(12); };
  var counter = 100 + Math.floor(Math.random() * 1000);
  var fresh = function (v) {
    return v
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, function () { return uuid(); })
      .replace(/^([A-Za-z_-]*?)([0-9a-f]{16})$/i, function (m, a) { return a + rnd(16); })
      .replace(/^([A-Za-z_-]*?)(\d+)$/, function (m, a) { return a + (++counter); });
  };
  var ID_ATTRS = ['id', 'data-message-id', 'data-turn-id', 'data-testid', 'data-turn-key',
    'data-content-search-unit-key', 'data-virtual-list-item-key', 'data-test-render-count'];
  var renew = function (root) {
    var all = [root].concat(Array.prototype.slice.call(root.querySelectorAll('*')));
    all.forEach(function (el) {
      ID_ATTRS.forEach(function (a) {
        var v = el.getAttribute(a);
        if (v && (a !== 'data-testid' || /^conversation-turn-/.test(v))) el.setAttribute(a, fresh(v));
      });
    });
  };
  var pick = function (root, sel) { return sel ? (root.matches(sel) ? root : root.querySelector(sel)) : root; };
  // Text goes into a copy of the element's own line element (never a screen-reader label).
  var setText = function (el, text) {
    var lines = Array.prototype.slice.call(el.children).filter(function (c) {
      return !c.firstElementChild && !c.matches('[aria-hidden], [hidden], .sr-only, [class*="visually-hidden"], [class*="screen-reader"], br');
    });
    var last = lines[lines.length - 1];
    var tmpl = last ? last.cloneNode(false) : document.createElement('p');
    tmpl.textContent = text;
    el.replaceChildren(tmpl);
  };
  // The exchange root: the highest ancestor of both that holds only this exchange's user turn.
  var exchangeOf = function (u, a) {
    var e = u;
    while (e && !e.contains(a)) e = e.parentElement;
    while (e.parentElement && e.parentElement !== document.body &&
      e.parentElement.querySelectorAll(cfg.user).length <= 1 && users().length > 1) e = e.parentElement;
    return e;
  };
  var lastU = users().pop(), lastA = assts().pop();
  var tmplExchange = null, tmplUser = null, tmplAsst = null, anchor = null;
  if (cfg.layout.kind === 'exchange') {
    tmplExchange = exchangeOf(lastU, lastA);
    anchor = tmplExchange;
    tmplExchange = tmplExchange.cloneNode(true);
  } else {
    tmplUser = lastU.closest(cfg.layout.root).cloneNode(true);
    tmplAsst = lastA.closest(cfg.layout.root);
    anchor = tmplAsst;
    tmplAsst = tmplAsst.cloneNode(true);
  }
  var added = [];
  var insert = function (el) { anchor.after(el); anchor = el; added.push(el); return el; };

  // --- the editor model -------------------------------------------------------------
  var model = '';
  var domText = function () { return cfg.editor === 'textarea' ? box.value : box.innerText.replace(/\n$/, ''); };
  var render = function (text) {
    if (cfg.editor === 'textarea') { protoSet.call(box, text); tracked = text; return; }
    box.replaceChildren.apply(box, (text ? text.split('\n') : ['']).map(function (line) {
      var p = document.createElement('p');
      if (line) p.textContent = line; else p.appendChild(document.createElement('br'));
      return p;
    }));
  };
  var protoSet = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
  var protoGet = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').get;
  var tracked = '';
  if (cfg.editor !== 'textarea' && !box.innerText.trim()) render(''); // the editor's empty state
  if (cfg.editor === 'textarea') {
    // React's value tracker: a value set through the element's own property is not a change.
    Object.defineProperty(box, 'value', {
      configurable: true,
      get: function () { return protoGet.call(this); },
      set: function (v) { tracked = String(v); protoSet.call(this, v); },
    });
    box.addEventListener('input', function () {
      var v = protoGet.call(box);
      if (v === tracked) return;
      tracked = v;
      model = v;
      changed();
    });
  } else if (cfg.editor === 'lexical') {
    box.addEventListener('input', function (e) {
      var typed = (e.inputType === 'insertText' && (e.data || '').length <= 1) ||
        /^delete|^insertParagraph|^insertLineBreak/.test(e.inputType || '');
      if (typed) model = domText();
      else render(model); // Lexical reconciles the DOM back to its state
      changed();
    });
    box.addEventListener('paste', function (e) {
      e.preventDefault();
      var text = (e.clipboardData && e.clipboardData.getData('text/plain')) || '';
      var sel = document.getSelection();
      var all = sel && sel.rangeCount && sel.toString().replace(/\s+/g, '') === box.innerText.replace(/\s+/g, '');
      model = all ? text : model + text;
      render(model);
      changed();
    });
  } else {
    // ProseMirror and Quill observe the DOM and re-read it on input.
    box.addEventListener('input', function () { model = domText(); changed(); });
  }

  // --- send button --------------------------------------------------------------------
  var sendBtn = function () { return document.querySelector(cfg.send.sel); };
  var streaming = false;
  function changed() {
    var has = model.trim() !== '';
    if (cfg.send.create) {
      var b = sendBtn();
      if (has && !b && !streaming) {
        var host = box.closest(cfg.send.create.within) || box.parentElement;
        host.insertAdjacentHTML('beforeend', cfg.send.create.html);
      } else if (!has && b) b.remove();
    }
    if (cfg.send.disableWhenEmpty && sendBtn()) sendBtn().disabled = !has;
    if (cfg.send.hiddenWhenEmpty && sendBtn()) sendBtn().hidden = !has;
  }
  changed();

  var stopOn = function (on) {
    var s = cfg.streaming.stop;
    if (!s) return;
    var b = sendBtn();
    if (s.kind === 'label' && b) b.setAttribute('aria-label', on ? s.label : 'Send');
    if (s.kind === 'class' && b) b.classList.toggle(s.name, on);
    if (s.kind === 'insert') {
      var old = document.querySelector('[data-e2e-stop]');
      if (on && !old) {
        var host = box.closest('form') || box.parentElement;
        host.insertAdjacentHTML('beforeend', s.html);
        host.lastElementChild.setAttribute('data-e2e-stop', '');
      } else if (!on && old) old.remove();
    }
  };
  var markStreaming = function (a, on) {
    var s = cfg.streaming;
    if (s.attr) {
      var el = pick(a, s.attr.sel);
      if (on) el.setAttribute(s.attr.name, s.attr.on);
      else if (s.attr.off === null) el.removeAttribute(s.attr.name);
      else el.setAttribute(s.attr.name, s.attr.off);
    }
    if (s.cls) pick(a, s.cls.sel).classList.toggle(s.cls.name, on);
    stopOn(on);
  };

  var answerFor = function (text) {
    var m = /\[mnemo:memories\][\s\S]*?\[\/mnemo:memories\]/.exec(text);
    var facts = m ? (m[0].match(/"[^"]*"/g) || []).join(' ') : '';
    var head = 'Answer on ' + cfg.site + ' number ' + window.__sent.length;
    return facts
      ? head + ' taking into account ' + facts + ' as you asked.'
      : head + ': noted, thank you for telling me this.';
  };

  var send = function () {
    var text = model.trim();
    if (!text || streaming) return;
    streaming = true;
    window.__sent.push(text);
    var u, a;
    if (tmplExchange) {
      var ex = tmplExchange.cloneNode(true);
      renew(ex);
      insert(ex);
      u = pick(ex, cfg.user);
      a = pick(ex, cfg.asst);
    } else {
      var ur = tmplUser.cloneNode(true);
      renew(ur);
      insert(ur);
      u = pick(ur, cfg.user);
      var ar = tmplAsst.cloneNode(true);
      renew(ar);
      insert(ar);
      a = pick(ar, cfg.asst);
    }
    setText(pick(u, cfg.userText), text);
    var body = pick(a, cfg.asstText);
    setText(body, '');
    model = '';
    render('');
    changed();
    markStreaming(a, true);
    var words = answerFor(text).split(' ');
    var i = 0;
    var tick = function () {
      i++;
      body.firstElementChild.textContent = words.slice(0, i).join(' ');
      if (i < words.length) { setTimeout(tick, 40); return; }
      markStreaming(a, false);
      streaming = false;
      changed();
      window.__done++;
    };
    setTimeout(tick, 40);
  };

  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || !box.contains(e.target)) return;
    e.preventDefault();
    send();
  });
  document.addEventListener('click', function (e) {
    var b = sendBtn();
    if (b && e.target instanceof Node && b.contains(e.target) && !b.disabled) { e.preventDefault(); send(); }
  });
  document.addEventListener('submit', function (e) { e.preventDefault(); });

  // SPA navigation: the thread is emptied (the site renders the other conversation), then pushState.
  window.__nav = function (path) {
    var place = document.createElement('div');
    place.hidden = true;
    anchor.before(place);
    var rootOf = function (el) {
      if (cfg.layout.kind === 'pair') return el.closest(cfg.layout.root) || el;
      var e = el;
      while (e.parentElement && e.parentElement !== document.body &&
        e.parentElement.querySelectorAll(cfg.user).length <= 1) e = e.parentElement;
      return e;
    };
    users().concat(assts()).map(rootOf).forEach(function (r) { if (r.isConnected) r.remove(); });
    anchor = place;
    history.pushState({}, '', prefix + path);
  };
}`;
