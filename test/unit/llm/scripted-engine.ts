/**
 * TEST DOUBLE. A scripted stand-in for web-llm's MLCEngine (the `LlmEngine` surface Mnemo
 * uses) that replays recorded responses in order. It proves Mnemo's prompts, parsing,
 * decisions and fallbacks, not any model's quality.
 */
import type {
  CompletionRequest,
  CompletionResponse,
  LlmEngine,
  LoadProgress,
} from '../../../src/extract/llm/engine';

export type Step =
  | { content: string | null; finish?: string; tps?: number }
  | { throw: unknown }
  /** Never resolves until interrupted (a hung generation). */
  | { hang: true };

export class ScriptedMlcEngine implements LlmEngine {
  readonly requests: CompletionRequest[] = [];
  interrupts = 0;
  reloaded: string[] = [];
  private progressCb?: (r: LoadProgress) => void;
  private release?: () => void;

  constructor(private readonly steps: Step[]) {}

  chat = {
    completions: {
      create: async (req: CompletionRequest): Promise<CompletionResponse> => {
        this.requests.push(req);
        const step = this.steps.shift();
        if (!step) throw new Error('ScriptedMlcEngine: no scripted response left');
        if ('throw' in step) throw step.throw;
        if ('hang' in step) {
          await new Promise<void>((ok) => (this.release = ok));
          return { choices: [{ message: { content: '{"facts": [' }, finish_reason: 'abort' }] };
        }
        return {
          choices: [{ message: { content: step.content }, finish_reason: step.finish ?? 'stop' }],
          usage: {
            completion_tokens: (step.content ?? '').length / 4,
            prompt_tokens: 300,
            extra: { decode_tokens_per_s: step.tps ?? 42 },
          },
        };
      },
    },
  };

  async reload(modelId: string): Promise<void> {
    this.reloaded.push(modelId);
    for (const p of [0, 0.5, 1])
      this.progressCb?.({ progress: p, timeElapsed: p, text: `${p * 100}%` });
  }

  setInitProgressCallback(cb: (r: LoadProgress) => void): void {
    this.progressCb = cb;
  }

  interruptGenerate(): void {
    this.interrupts++;
    this.release?.();
  }

  async unload(): Promise<void> {}
}

/** Recorded shapes of answers a 1.5B instruct model gives under the facts schema. */
export const facts = (
  ...items: Partial<{
    text: string;
    kind: string;
    entities: string[];
    date: string;
    slot: string;
    confidence: number;
  }>[]
) =>
  JSON.stringify({
    facts: items.map((f) => ({
      kind: 'fact',
      entities: [],
      date: '',
      slot: '',
      confidence: 0.9,
      ...f,
    })),
  });

export const decisions = (
  ...items: { fact: number; action: string; memory: number; text?: string }[]
) => JSON.stringify({ decisions: items.map((d) => ({ text: '', ...d })) });
