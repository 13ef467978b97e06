/** Where the extension's own AI files are; plain functions, safe to import anywhere. */

/** The ORT build onnxruntime-web/webgpu (which transformers.js imports) loads. */
export const ORT_WASM_FILE = 'ort-wasm-simd-threaded.asyncify.wasm';

/** An extension URL (`chrome.runtime.getURL`), or the path itself outside an extension. */
export function extensionUrl(path: string): string {
  const rt = (globalThis as { chrome?: { runtime?: { getURL?: (p: string) => string } } }).chrome
    ?.runtime;
  return rt?.getURL ? rt.getURL(path) : path;
}

/**
 * The extension's own copy of the ONNX runtime's wasm (copied at build time, Chrome only),
 * in the object form: a string prefix would make ORT `import()` its glue from that prefix;
 * with `{ wasm }` the bundled glue is used, in a service worker and in a page alike.
 */
export function browserOrtPaths(): { wasm: string } {
  return { wasm: extensionUrl(`/ort/${ORT_WASM_FILE}`) };
}
