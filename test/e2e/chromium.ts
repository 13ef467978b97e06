export * from '../../scripts/chromium';
