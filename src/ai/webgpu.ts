/**
 * WebGPU detection where the LLM would run (the background service worker in Chrome).
 * Returns the adapter's description when there is one, and a reason a user can act on
 * when there is not.
 *
 * @example
 * const gpu = await detectWebGpu();
 * gpu.available ? show(gpu.description) : show(gpu.reason);
 */
export type WebGpuStatus =
  | {
      available: true;
      /** "nvidia ampere (NVIDIA GeForce RTX 3060)", "google swiftshader (software fallback adapter)" */
      description: string;
      vendor: string;
      architecture: string;
      fallbackAdapter: boolean;
      /** Needed by every q4f16 model. */
      shaderF16: boolean;
      maxBufferSizeMB: number;
    }
  | { available: false; code: 'firefox' | 'no-api' | 'no-adapter' | 'error'; reason: string };

interface GpuLike {
  requestAdapter(opts?: { powerPreference?: string }): Promise<AdapterLike | null>;
}
interface AdapterLike {
  info?: {
    vendor?: string;
    architecture?: string;
    device?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number };
  isFallbackAdapter?: boolean;
}

export async function detectWebGpu(
  nav: { gpu?: unknown } | undefined = globalThis.navigator as { gpu?: unknown } | undefined,
): Promise<WebGpuStatus> {
  if (import.meta.env.BROWSER === 'firefox')
    return {
      available: false,
      code: 'firefox',
      reason:
        'No WebGPU: Firefox does not offer WebGPU to extensions. Mnemo extracts memories with its built-in rules.',
    };
  const gpu = nav?.gpu as GpuLike | undefined;
  if (!gpu || typeof gpu.requestAdapter !== 'function')
    return {
      available: false,
      code: 'no-api',
      reason:
        'No WebGPU in this browser. Update Chrome (113 or later), or keep the built-in rules, which need no GPU.',
    };
  try {
    const a = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!a)
      return {
        available: false,
        code: 'no-adapter',
        reason:
          'No WebGPU adapter: the GPU is blocklisted, disabled (chrome://gpu) or missing. Mnemo keeps using its built-in rules.',
      };
    const info = a.info ?? {};
    const fallbackAdapter = !!(info.isFallbackAdapter ?? a.isFallbackAdapter);
    const vendor = info.vendor ?? '';
    const architecture = info.architecture ?? '';
    const named = [vendor, architecture].filter(Boolean).join(' ') || 'unknown GPU';
    const detail = info.description || info.device || '';
    const description = `${named}${detail ? ` (${detail})` : ''}${fallbackAdapter ? ' (software fallback adapter)' : ''}`;
    return {
      available: true,
      description,
      vendor,
      architecture,
      fallbackAdapter,
      shaderF16: a.features.has('shader-f16'),
      maxBufferSizeMB: Math.round(a.limits.maxBufferSize / 1048576),
    };
  } catch (err) {
    return {
      available: false,
      code: 'error',
      reason: `WebGPU failed to start: ${String((err as Error)?.message ?? err)}`,
    };
  }
}
