/**
 * Firefox test builds only (wxt.config.ts adds it): opens the options page in a background
 * tab when the add-on is installed. WebDriver BiDi cannot navigate to a moz-extension: page, but it can
 * drive one the extension opened, and from there the end-to-end tests call the background
 * as the options page does (test/e2e/sync.test.ts). Store builds never include it.
 */
import { browser } from 'wxt/browser';

browser.runtime.onInstalled.addListener(() => {
  // In the background: the tests' own pages keep the focus (and their timers run unthrottled).
  setTimeout(
    () => void browser.tabs.create({ url: browser.runtime.getURL('/options.html'), active: false }),
    500,
  );
});
