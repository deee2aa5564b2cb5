// Renders media/icon.svg to the 128x128 media/icon.png with headless chromium (run after install.sh).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const svg = fs.readFileSync(path.join(repo, 'media/icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: path.join(repo, 'media/icon.png'), omitBackground: true });
await browser.close();
console.log('media/icon.png written');
