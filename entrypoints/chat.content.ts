export default defineContentScript({ matches: ['https://chatgpt.com/*'], main() {} });
