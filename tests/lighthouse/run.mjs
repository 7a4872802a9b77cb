// Lighthouse (mobile emulation, its default simulated throttling) on the
// home page, the product list and a product page, in Debian's Chromium.
// Each page is measured RUNS times; the median run of each category is
// printed as a Markdown table row for BENCHMARKS.md, with the audits that
// cost points. Exits 1 when a median is under 95.
// Usage: node run.mjs http://127.0.0.1:PORT [RUNS]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const base = process.argv[2];
const runs = Number(process.argv[3] || 3);
if (!base) {
  console.error('usage: node run.mjs BASE_URL [RUNS]');
  process.exit(2);
}
const { items } = await (await fetch(`${base}/api/v1/products?limit=50`)).json();
const product = items.find((p) => p.in_stock) || items[0];
// The demo draws product pictures in the background after start: measure
// pages as a shopper gets them, with their pictures.
for (let i = 0; i < 90; i++) {
  const detail = await (await fetch(`${base}/api/v1/products/${product.code}`)).json();
  if (detail.images && detail.images.length > 0) break;
  await new Promise((r) => setTimeout(r, 2000));
}
const pages = [
  ['home', '/'],
  ['list', '/san-pham'],
  ['product', `/san-pham/${product.slug}`],
];
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const bin = path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules/.bin/lighthouse');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lighthouse-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let low = false;
console.log(`| page | performance | accessibility | best practices | SEO |`);
console.log(`|---|---|---|---|---|`);
for (const [name, url] of pages) {
  const scores = Object.fromEntries(categories.map((c) => [c, []]));
  const lost = new Set();
  for (let i = 0; i < runs; i++) {
    const file = path.join(out, `${name}-${i}.json`);
    execFileSync(bin, [
      `${base}${url}`, '--quiet', '--output=json', `--output-path=${file}`,
      `--only-categories=${categories.join(',')}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync',
    ], { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM || '/usr/bin/chromium' }, stdio: ['ignore', 'ignore', 'inherit'] });
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const c of categories) {
      scores[c].push(Math.round(report.categories[c].score * 100));
      for (const ref of report.categories[c].auditRefs) {
        const audit = report.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 0.9) {
          lost.add(`${ref.id}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
        }
      }
    }
  }
  const row = categories.map((c) => median(scores[c]));
  if (row.some((s) => s < 95)) low = true;
  console.log(`| ${name} (\`${url}\`) | ${row.join(' | ')} |`);
  if (lost.size) console.error(`  ${name}: below 0.9 in some run: ${[...lost].join(', ')}`);
}
fs.rmSync(out, { recursive: true, force: true });
process.exit(low ? 1 : 0);
