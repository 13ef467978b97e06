/**
 * What each saved page holds, written by reading the page itself (grep and a DOM dump of
 * the message elements), not by running the adapters. `turns` are [role, first words];
 * `absent` are strings that must appear in no turn (UI chrome, thinking, labels).
 */
import type { RealSiteId } from '../../src/sites/hosts';

export type Expect = readonly ['user' | 'assistant', string];

export interface PageExpectation {
  promptBox: boolean;
  sendButton: boolean;
  turns: readonly Expect[];
  absent?: readonly string[];
  note?: string;
}

export interface SiteExpectations {
  /** Folder under fixtures/sites. */
  folder: string;
  pages: Record<string, PageExpectation>;
}

const U = 'user' as const;
const A = 'assistant' as const;

export const EXPECTATIONS: Partial<Record<RealSiteId, SiteExpectations>> = {
  chatgpt: {
    folder: 'chatgpt',
    pages: {
      'acb-2026-04-fullpage.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, 'hi'],
          [A, 'Hey there! How’s your day'],
          [U, 'whats ur name and how'],
          [A, 'I’m ChatGPT, your friendly'],
        ],
        absent: ['You said', 'ChatGPT said'],
      },
      'driftwatch-2026-09-21-composing-sanitized.html': {
        promptBox: true,
        sendButton: true,
        turns: [],
        note: 'sanitized: every text node is empty, so no turn has text; the layout is tested with text filled in',
      },
      'nl-2026-01-01-main-sanitized.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, 'Yes You can point the TESSERA'],
          [A, 'As, the endpoint speaks'],
          [U, 'History file and, prints'],
          [A, 'Makes, it easy to pipe'],
          [U, 'Time, Without changing'],
          [A, 'Token.! Yes you can point'],
          [U, 'which: means: one'],
          [A, 'Pick, a profile'],
          [U, 'Proposed change so 1'],
          [A, 'The underlying gateway is'],
          [U, 'A profile that matches'],
          [A, 'Editing! A mid curl'],
          [U, 'Reply arrives! You know'],
          [A, 'Some, editors ship'],
          [U, 'Was copied completely'],
          [A, 'One. Finally'],
          [U, 'To, confirm The wiring'],
          [A, 'Editor. — The extension'],
          [U, 'Looks like An.authentication'],
          [A, 'Move — on to picking'],
          [U, 'Correctly, from Your machine'],
          [A, 'File, which means!'],
          [U, 'Is whether the, address'],
          [A, 'Finally — make sure the!'],
          [U, 'Many Smaller profiles'],
          [A, 'Switch — to a profile'],
        ],
      },
      'nl-2026-07-29-deep-research-derived.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'Deep research How did tidal mills'],
          [U, 'Great! Now summarise'],
          [A, 'A tidal mill trapped'],
        ],
        absent: ['ChatGPT said'],
        note: 'turn 2 is a Deep Research report in a cross-origin iframe: nothing to read, not a turn',
      },
      'nl-2026-07-main-formatting.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, 'Reply with a short formatting showcase'],
          [A, 'Fictional Widget Factory'],
        ],
      },
      'nl-2026-07-main-longcode.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, 'Output one fenced python code block'],
          [A, 'x_001 = 001'],
        ],
        absent: ['PythonRun'],
      },
      'nr-2025-07-fullpage.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, 'What ChatGPT version are you?'],
          [A, "You're currently chatting with GPT-4o"],
        ],
      },
      'oae-2026-01-28-code-turns.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'Write a function to check if a number is prime'],
          [A, "Here's a TypeScript function"],
        ],
      },
      'oae-2026-01-29-main.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, 'ChatGPTのhtml構造をテスト'],
          [A, 'はい'],
          [U, '次は「いいえ」'],
          [A, 'いいえ'],
          [U, 'この Research 依頼はテスト用'],
          [A, '承知しました。'],
          [U, 'ChatGPT の提供する機能'],
          [A, '了解しました。'],
          [A, 'ChatGPTの機能概要'],
        ],
      },
      'oae-2026-02-27-main.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, 'ChatGPTのhtml構造をテスト'],
          [A, 'はい'],
          [U, '次は「いいえ」'],
          [A, 'いいえ'],
          [U, 'この Research 依頼はテスト用'],
          [A, '承知しました。'],
          [U, 'ChatGPT の提供する機能'],
          [A, '了解しました。'],
          [A, 'ChatGPTの機能概要'],
          [U, '数式を表現できますか'],
          [A, 'はい、数式を表現できます'],
        ],
      },
      'threadlift-2026-07-19-share-rawsource.html': {
        promptBox: false,
        sendButton: false,
        turns: [],
        note: 'raw server HTML of a share page: the turns are in an embedded JSON stream, not rendered',
      },
      'tm-2025-07-06-savepage.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, 'To work.'],
          [A, 'Could you please clarify'],
          [U, 'Returning to work'],
          [A, 'Key Point'],
          [U, '// Much gentler scroll'],
          [A, 'In element.scrollIntoView()'],
          [U, 'thank yo9u'],
          [A, "You're welcome, Dr. Harsha"],
          [U, 'so what are yo0uo pto?'],
          [A, "Right now? I'm here"],
          [U, '// ==UserScript=='],
          [A, 'This is an excellent, advanced userscript'],
          [U, 'suggest improvemtns'],
          [A, 'Here are the top-priority improvements'],
        ],
      },
      'yk-2025-11-29-turns.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, '전체 복사는 확실히 너무 사이즈가 크다.'],
          [A, '1. 질문 정리'],
        ],
      },
      'yk-2026-07-19-edge000.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, '인터넷에서 본 아래 글에 대한 너의 생각은?'],
          [A, '결론'],
        ],
      },
      'yk-2026-07-19-edge002.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, '다음의 PDF 파일은 이미지 만으로 된'],
          [A, '가능합니다.'],
          [U, 'OCR + 보기 좋게 정리'],
          [A, '다음은 업로드하신 PDF를'],
        ],
        absent: ['개인뱅킹.pdf'],
        note: 'the PDF attachment chip is not part of the user text',
      },
      'yk-2026-07-19-edge003-imagegen.html': {
        promptBox: false,
        sendButton: false,
        turns: [[U, '대화를 통해 추측해 볼 수 있는 나']],
        note: 'the two answers are a generated image and an empty turn: no text',
      },
    },
  },
  claude: {
    folder: 'claude',
    pages: {
      'acb-2026-04-fullpage.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, 'hey'],
          [A, 'Hi Tochi! How can I help'],
          [U, 'hii'],
          [A, "Hey! What's on your mind?"],
        ],
        absent: ['Thought for', '16:49'],
      },
      'nl-2026-07-handrebuilt-artifact.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'Draft me a tide table helper'],
          [A, 'Both pieces are below.'],
        ],
        absent: ['Claude responded', 'You said'],
        note: 'the artifact side panel reuses .font-claude-response and is not a turn',
      },
      'nl-handrebuilt-conv.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'This is invented placeholder text for a DOM fixture.'],
          [A, 'Sure — this is invented placeholder text'],
        ],
      },
      'nr-2026-01-turn-artifact.html': {
        promptBox: false,
        sendButton: false,
        turns: [[A, 'Yes, exactly! There are 3 main DeepSeek series.']],
      },
      'nr-2026-01-turn-codeblock.html': {
        promptBox: false,
        sendButton: false,
        turns: [[A, 'Absolutely! Running open source coding AI models']],
      },
      'oae-2026-01-29-artifact-panel.html': {
        promptBox: false,
        sendButton: false,
        turns: [],
        note: 'artifact side panel only: no turn',
      },
      'oae-2026-01-29-main.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, 'Claude の html構造をテスト'],
          [A, 'はい'],
          [U, '次は「いいえ」だけ答えて。'],
          [A, 'いいえ'],
        ],
        absent: ['5:00 PM'],
      },
      'oae-2026-02-27-main.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, 'Claude の html構造をテスト'],
          [A, 'はい'],
          [U, '次は「いいえ」だけ答えて。'],
          [A, 'いいえ'],
          [U, '次の内容の artifact を作成して。'],
          [A, 'Claude Code の概要をまとめた artifact'],
          [U, 'Claude Code の概要について調査分析'],
          [A, 'Claude Code の概要について調査を始めます。'],
          [U, '基本的な機能のみで良いです。'],
          [A, '了解しました。素人向けに'],
          [U, '数式をいくつか表現して表示して。'],
          [A, '数式をいくつか表現したartifactを作成します。'],
          [U, 'chat で数式を表示できますか。'],
          [A, 'はい、チャット上でも数式を表示できます。'],
        ],
        absent: ['Created a file, read a file', 'Jan 29'],
      },
      'yk-2025-11-29-turns.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, '전체 복사는 확실히 너무 사이즈가 크다.'],
          [A, '질문-답변 1쌍만 추출하는 방법'],
        ],
      },
      'yk-2025-12-01-thinking.html': {
        promptBox: false,
        sendButton: false,
        turns: [[A, '현재 한국 구인 시장에서 당신 프로필에 맞는 포지션을 찾아보겠습니다.']],
        absent: ['사용자 프로필을 분석하고', '사용자가 현재 구인 시장에서', '6 단계', '결과 10개'],
        note: 'thinking summary, thinking text and web-search steps are not answer text',
      },
      'yk-2026-02-09-artifact-panel.html': {
        promptBox: false,
        sendButton: false,
        turns: [],
        note: 'artifact panel only: no turn',
      },
      'yk-2026-02-09-fullpage-artifact.html': {
        promptBox: true,
        sendButton: false,
        turns: [
          [U, '아래는 내가 평소에 생각하는 단어'],
          [A, '기억했어. 문서 내용 전체가'],
          [U, '내가 전달한 이 단어들과 생각을'],
          [A, '좋은 시도다.'],
          [A, '각각의 강점과 약점을 짚고'],
          [A, '솔직히 말하면 구조적으로는 만족하지만'],
          [A, '만족한다.'],
          [U, '아주 좋아. 이 프레임의 강점을'],
          [A, '구조적으로 추가할 건 없어.'],
          [U, '좋아. 이 프레임을 기억해줘.'],
          [A, '기억했어. 프레임워크 전문은'],
          [A, '솔직하게 말하면, 이 책의'],
        ],
        absent: ['The user wants me', 'The memory is too long', 'Managing memory'],
        note: 'four user turns are only a pasted-text attachment (file thumbnail, no user-message): not captured',
      },
      'yk-2026-07-19-edge002-visualization.html': {
        promptBox: false,
        sendButton: false,
        turns: [[A, '그림 자체는 만들 수 있는데']],
        absent: ['Claude responded', '야경 책상 장면을 시각적으로 구성했습니다'],
      },
    },
  },
  gemini: {
    folder: 'gemini',
    pages: {
      'acb-2026-04-fullpage.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, 'hey whats up'],
          [A, 'Not much! Just hanging out'],
        ],
        absent: ['Vous avez dit', 'Gemini a dit', 'content_copy'],
      },
      'nl-2026-01-17-sanitized.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'How does a wing actually generate lift?'],
          [A, 'Lift is generated through two'],
          [U, 'Why does 100 GSM paper fly further'],
          [A, 'The 100 GSM paper is preferred'],
          [U, 'Give me the HTML for a small infographic'],
          [A, 'I will generate a complete, single-file HTML'],
        ],
        absent: ['Show thinking'],
      },
      'nl-2026-07-28-deep-research-derived.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'How costly is a rules-based European equity sleeve'],
          [A, "Here's a research plan"],
          [U, 'Start research'],
          [A, "I've completed your research."],
        ],
        absent: ['You said', 'Feasibility Report'],
        note: 'the immersive report panel is not a turn',
      },
      'nr-2026-01-main.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, "i'm inspecting the gemini chat page"],
          [A, 'Extracting chat content from the Gemini page'],
          [U, 'one more response, a short one'],
          [A, "Open your browser's developer tools"],
          [U, 'then last , one more short response'],
          [A, 'Got it. Look specifically for div elements'],
        ],
      },
      'nr-2026-01-scrollback-loading.html': {
        promptBox: true,
        sendButton: true,
        turns: [],
        note: 'older turns still loading: nothing rendered yet',
      },
      'oae-2026-01-29-deep-research-panel.html': {
        promptBox: false,
        sendButton: false,
        turns: [],
        note: 'Deep Research panel only: its message-content is outside any model-response',
      },
      'oae-2026-01-29-main.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, 'gemini chat の E2E テストのための質問'],
          [A, 'はい'],
          [U, 'ありがとうございます。次は「いいえ」'],
          [A, 'いいえ'],
        ],
      },
      'oae-2026-02-27-main.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, 'gemini chat の E2E テストのための質問'],
          [A, 'はい'],
          [U, 'ありがとうございます。次は「いいえ」'],
          [A, 'いいえ'],
          [U, 'いくつか数式をLaTeX形式で表示して。'],
          [A, '承知いたしました。'],
        ],
        absent: ['あなたのプロンプト', 'Gemini の回答'],
      },
      'threadlift-2026-07-18-share.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'hi'],
          [U, 'what do you think about claude and chatgpr'],
        ],
        absent: ['You said'],
        note: 'share page: user-query only, answers are not in model-response',
      },
      'yk-2025-11-29-turn.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, '전체 복사는 확실히 너무 사이즈가 크다.'],
          [A, '1. 질문 정리 (Context Refinement)'],
        ],
        absent: ['생각하는 과정 표시'],
      },
    },
  },
  perplexity: {
    folder: 'perplexity',
    pages: {
      'acb-2026-04-fullpage.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, 'hey what can u do and who are u'],
          [A, 'I’m Perplexity, an AI assistant'],
        ],
      },
      'oae-2026-02-02-main.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, 'perplexityのhtml構造をテスト'],
          [A, 'はい。'],
          [U, '次は「いいえ」だけ答えて'],
          [A, 'いいえ。'],
        ],
      },
      'oae-2026-02-02-research.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'Perplexity の提供する機能についてまとめてください。'],
          [A, 'Perplexity の提供する機能概要'],
        ],
      },
      'oae-2026-02-27-main.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, 'erplexityのhtml構造をテスト'],
          [A, 'はい。'],
          [U, '次は「いいえ」だけ答えて'],
          [A, 'いいえ。'],
          [U, 'LaTeX 形式でいくつか数式を表示して'],
          [A, 'いくつか代表的な数式を LaTeX 形式で書きます。'],
        ],
        note: 'the first query really starts "erplexity" in the page',
      },
      'oae-2026-02-27-research.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, 'Perplexity の提供する機能についてまとめてください。'],
          [A, 'Perplexity AI の提供機能をレポートにまとめました。'],
        ],
        absent: ['Perplexity AI 提供機能まとめ'],
        note: 'the report panel beside the answer repeats .prose twice and is not a turn',
      },
    },
  },
  mistral: {
    folder: 'mistral',
    pages: {
      'covai-2026-05-chat.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, 'Please write a short response that includes:'],
          [A, 'Here you go:'],
        ],
        absent: ['Worked for', 'Thought for', 'Copy code'],
      },
      'nr-2026-01-annotated-excerpts.html': {
        promptBox: false,
        sendButton: false,
        turns: [],
        note: 'annotated excerpts with no message attributes, not a page',
      },
    },
  },
  copilot: {
    folder: 'copilot',
    pages: {
      'covai-2026-07-reduced.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'Please write a short response comparing Denmark'],
          [A, 'Here is the comparison you requested:'],
        ],
        absent: ['Copilot said', 'You said', 'Like'],
      },
      'covai-2026-08-m365-reduced.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'Recommend a book for me about'],
          [A, "I'd love to! Since your placeholders"],
        ],
        absent: ['Copilot said', 'You said', 'Suggest another'],
      },
      'nr-2026-01-codeblock.html': {
        promptBox: false,
        sendButton: false,
        turns: [],
        note: 'a code block fragment, no turn',
      },
      'nr-2026-01-conversation.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, "I'm inspecting the html dom of copilot"],
          [A, 'Sure—what exactly are you looking to export?'],
          [U, 'can you post a simple bash script'],
          [A, "Absolutely! Here's a simple bash script"],
        ],
        absent: ['Copilot said', 'Edit in a page'],
      },
    },
  },
  deepseek: {
    folder: 'deepseek',
    pages: {
      'covai-2026-05-chat.html': {
        promptBox: true,
        sendButton: true,
        turns: [
          [U, 'Please write a short response that includes:'],
          [A, 'I recently realized that curiosity'],
        ],
        absent: ['Thought for 37 seconds'],
      },
      'threadlift-2026-07-19-share.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'hii'],
          [A, 'Hello! How can I help you today?'],
          [U, 'how are you'],
          [A, "I'm doing great, thanks for asking!"],
          [U, 'what do you think about kimi k.3'],
          [A, 'Kimi K3 是最近 AI 领域'],
        ],
        absent: ['This shared conversation is generated by AI', 'Read 12 web pages'],
      },
    },
  },
  metaai: {
    folder: 'other',
    pages: {
      'covai-2026-05-meta-ai-chat.html': {
        promptBox: false,
        sendButton: false,
        turns: [
          [U, 'Please write a short response that includes:'],
          [A, 'Bold ideas travel fast, italic doubts linger longer'],
        ],
        absent: ['Today'],
      },
    },
  },
};

/** Saved pages in a supported site's folder that belong to another (unsupported) site. */
export const OTHER_SITE_PAGES: Record<string, string> = {
  'other/covai-2026-05-qwen-chat.html': 'qwen (unsupported)',
};
