import { serveOffscreen } from '../../src/ai/offscreen-host';

// The background creates this page on demand (chrome.offscreen) to run the AI models, which
// its own bundle leaves out. Registered at once: the background's first request follows.
serveOffscreen();
