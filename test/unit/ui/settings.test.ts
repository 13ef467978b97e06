import { describe, expect, it } from 'vitest';
import {
  bucketIdFor,
  defaultSettings,
  deleteBucketFromSettings,
  mergeBucketsInSettings,
  siteSettingsOf,
} from '../../../src/config/settings';

describe('bucket settings', () => {
  it('privacy defaults: redaction on, incognito capture off, assistant facts off', () => {
    const s = defaultSettings();
    expect([s.redactSecrets, s.captureIncognito, s.assistantFacts]).toEqual([true, false, false]);
  });

  it('makes unique ids from names', () => {
    const s = defaultSettings();
    const id = bucketIdFor('Work stuff!', s.buckets);
    expect(id).toBe('b:work-stuff');
    expect(bucketIdFor('work stuff', [...s.buckets, { id, name: 'x' }])).toBe('b:work-stuff-2');
  });

  it('a merge repoints the sites that wrote or read the merged bucket', () => {
    let s = defaultSettings();
    s = { ...s, buckets: [...s.buckets, { id: 'b:work', name: 'Work' }] };
    s.sites.claude = {
      ...siteSettingsOf(s, 'claude'),
      writeBucket: 'b:work',
      readBuckets: ['b:work', 'site:claude'],
    };
    const m = mergeBucketsInSettings(s, 'b:work', 'site:claude');
    expect(m.buckets.some((b) => b.id === 'b:work')).toBe(false);
    expect(siteSettingsOf(m, 'claude')).toMatchObject({
      writeBucket: 'site:claude',
      readBuckets: ['site:claude'],
    });
  });

  it('a deletion leaves no site reading it and every site writing to an existing bucket', () => {
    let s = defaultSettings();
    s.sites.demo = { ...siteSettingsOf(s, 'demo'), readBuckets: ['site:demo', 'site:chatgpt'] };
    s = deleteBucketFromSettings(s, 'site:chatgpt');
    expect(siteSettingsOf(s, 'demo').readBuckets).toEqual(['site:demo']);
    // ChatGPT's own bucket is recreated, empty, so its capture has somewhere to go.
    expect(siteSettingsOf(s, 'chatgpt').writeBucket).toBe('site:chatgpt');
    expect(s.buckets.filter((b) => b.id === 'site:chatgpt')).toHaveLength(1);
  });
});
