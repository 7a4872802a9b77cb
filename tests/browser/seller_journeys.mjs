// Opening a stall and reporting a listing, in a real Chromium on a phone
// (375×812) and a desktop (1280×900), with JavaScript on and off.
//
// Opening a stall: four producers of the register
// apply at /dang-ky-gian-hang with a certificate scan (one first forgets
// the tax code, and the form comes back with what was typed and the problem
// beside the field); the officer of Cần Thơ opens the queue, reads one
// application beside the register and approves it, and refuses another with
// its reason. axe-core finds no serious or critical violation on the form,
// the queue and an application.
//
// A report: a shopper without JavaScript reports a product from its page;
// the officer hides it from the moderation queue (JavaScript on), and the
// product page is gone; the producer answers on a phone. axe-core checks the
// report form, the moderation queue and the case. Every step leaves a
// screenshot.
// Usage: node seller_journeys.mjs http://127.0.0.1:PORT [artifact-dir]
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.argv[2];
assert.ok(base, 'usage: node seller_journeys.mjs BASE_URL [ARTIFACT_DIR]');
const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = process.argv[3] || path.join(here, '../../target/artifacts/journeys');
fs.mkdirSync(artifacts, { recursive: true });
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });
const screens = { 375: { width: 375, height: 812 }, 1280: { width: 1280, height: 900 } };
const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const failures = [];

// Four producers without a stall, each with a certified product: two in
// Cần Thơ (for the officer to decide), two anywhere.
const demo = new Set(['CT000001', 'CT000002', 'CT000025']);
async function freeProducers(province, count, taken) {
  const query = province ? `&province=${encodeURIComponent(province)}` : '';
  const { items } = await (await fetch(`${base}/api/v1/products?limit=100${query}`)).json();
  const found = [];
  for (const item of items) {
    const product = await (await fetch(`${base}/api/v1/products/${item.code}`)).json();
    const code = product.producer.code;
    if (demo.has(code) || taken.has(code) || found.some((f) => f.producer === code)) continue;
    found.push({ producer: code, name: product.producer.name, product: product.code, province: product.producer.province });
    if (found.length === count) break;
  }
  assert.equal(found.length, count, `${count} free producers in ${province || 'the country'}`);
  found.forEach((f) => taken.add(f.producer));
  return found;
}
const taken = new Set();
const [canThoA, canThoB] = await freeProducers('Cần Thơ', 2, taken);
const [elsewhereA, elsewhereB] = await freeProducers(null, 2, taken);

async function shot(page, name) {
  const file = path.join(artifacts, `onboarding-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}

async function settled(page, js) {
  await page.waitForLoadState('networkidle');
  if (js) {
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated'), null, { timeout: 20000 });
  }
}

async function audit(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  for (const v of result.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
    failures.push(`${name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.join(' | ')}`);
  }
}

async function newPage(width, js) {
  const context = await browser.newContext({ viewport: screens[width], javaScriptEnabled: js });
  const page = await context.newPage();
  page.on('pageerror', (e) => failures.push(`page error @${width}: ${e}`));
  return page;
}

// One producer applies; the first try forgets the tax code.
async function applyAs(who, width, js, email) {
  const label = `${width}-${js ? 'js' : 'nojs'}`;
  const page = await newPage(width, js);
  await page.goto(`${base}/dang-ky-gian-hang`, { waitUntil: 'networkidle' });
  await settled(page, js);
  if (js) await audit(page, `application form @${label}`);
  await page.fill('#contact_name', 'Trần Thị Mai');
  await page.fill('#email', email);
  await page.fill('#legal_name', who.name);
  await page.selectOption('#kind', 'cooperative');
  await page.fill('#address', `Ấp 1, ${who.province}`);
  await page.fill('#phone', '0912 345 678');
  await page.fill('#product_code', who.product);
  await page.setInputFiles('#certificate', { name: 'giay-chung-nhan.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.check('#agree');
  await shot(page, `form-${label}`);
  // The browser itself refuses an empty required field: clear the
  // attribute to see the server's answer, as an old browser would.
  await page.evaluate(() => document.querySelector('#registration_no').removeAttribute('required'));
  await Promise.all([page.waitForURL((u) => u.hash === '#loi' || u.pathname === '/dang-ky-gian-hang'), page.click('form.apply-form button[type=submit]')]);
  await settled(page, js);
  assert.ok(await page.locator('.form-error').isVisible(), `${label}: the refusal is shown`);
  assert.equal(await page.inputValue('#legal_name'), who.name, `${label}: what was typed is kept`);
  assert.ok((await page.locator('#registration_no-error').textContent()).includes('Mã số'), `${label}: the problem beside its field`);
  await shot(page, `refused-${label}`);
  await page.fill('#registration_no', '1801234567');
  await page.setInputFiles('#certificate', { name: 'giay-chung-nhan.pdf', mimeType: 'application/pdf', buffer: pdf });
  await Promise.all([page.waitForURL((u) => u.pathname === '/dang-ky-gian-hang/da-gui', { timeout: 20000 }), page.click('form.apply-form button[type=submit]')]);
  await settled(page, js);
  const said = await page.locator('main').textContent();
  const number = (said.match(/hồ sơ số (\d+)/) || [])[1];
  assert.ok(number, `${label}: the application's number is shown`);
  await shot(page, `sent-${label}`);
  await page.context().close();
  return number;
}

async function signIn(page, js, next) {
  await page.goto(`${base}/dang-nhap?next=${encodeURIComponent(next)}`, { waitUntil: 'networkidle' });
  await settled(page, js);
  await page.locator('main input[name=email]').fill('canbo.cantho@demo.chocop.vn');
  await page.locator('main input[name=password]').fill('ocop-demo-2026');
  await Promise.all([
    page.waitForURL((u) => u.pathname === next, { timeout: 20000 }),
    page.locator('form[action$="sign_in"] button[type=submit]').click(),
  ]);
  await settled(page, js);
}

try {
  const first = await applyAs(canThoA, 375, true, 'mai.a@htx-moi.vn');
  const second = await applyAs(canThoB, 1280, false, 'mai.b@htx-moi.vn');
  await applyAs(elsewhereA, 375, false, 'mai.c@htx-moi.vn');
  await applyAs(elsewhereB, 1280, true, 'mai.d@htx-moi.vn');

  // The officer, desktop with JavaScript: the queue, one application, approve.
  let page = await newPage(1280, true);
  await signIn(page, true, '/can-bo/dang-ky-gian-hang');
  assert.ok(await page.getByText(`#${first}`).isVisible(), 'the queue lists the application');
  await audit(page, 'application queue @1280');
  await shot(page, 'queue-1280-js');
  await page.click(`a[href="/can-bo/dang-ky-gian-hang/${first}"]`);
  await page.waitForURL((u) => u.pathname === `/can-bo/dang-ky-gian-hang/${first}`);
  await settled(page, true);
  await audit(page, 'application @1280');
  await shot(page, 'application-1280-js');
  await page.click('.decide form:first-of-type button[type=submit]');
  await page.waitForFunction(() => document.querySelector('main').textContent.includes('Đã duyệt'), null, { timeout: 20000 });
  await shot(page, 'approved-1280-js');
  await page.context().close();

  // The officer on a phone without JavaScript refuses the other one.
  page = await newPage(375, false);
  await signIn(page, false, `/can-bo/dang-ky-gian-hang/${second}`);
  await shot(page, 'application-375-nojs');
  await page.fill('#reason', 'Mã số thuế không khớp với giấy đăng ký kinh doanh; hãy gửi lại bản chụp rõ hơn.');
  await Promise.all([page.waitForLoadState('networkidle'), page.click('.decide form:last-of-type button[type=submit]')]);
  await page.waitForURL((u) => u.pathname === `/can-bo/dang-ky-gian-hang/${second}`);
  assert.ok((await page.locator('main').textContent()).includes('Đã từ chối'), 'refused, without JavaScript');
  await shot(page, 'refused-375-nojs');
  await page.goto(`${base}/can-bo/dang-ky-gian-hang`, { waitUntil: 'networkidle' });
  await shot(page, 'queue-375-nojs');
  await page.context().close();

  // A report, from the product page, without JavaScript.
  const stall = await (await fetch(`${base}/api/v1/products?limit=100&province=${encodeURIComponent('Cần Thơ')}`)).json();
  let reported = null;
  for (const item of stall.items) {
    const product = await (await fetch(`${base}/api/v1/products/${item.code}`)).json();
    if (product.producer.code === 'CT000001') { reported = product; break; }
  }
  assert.ok(reported, 'a product of CT000001 is on sale');
  page = await newPage(375, false);
  await page.goto(`${base}/san-pham/${reported.slug}`, { waitUntil: 'networkidle' });
  await Promise.all([page.waitForURL((u) => u.pathname === '/bao-cao-vi-pham'), page.click('.report-link a')]);
  await page.selectOption('#reason', 'counterfeit_logo');
  await page.fill('#details', 'Ảnh sản phẩm dán nhãn 5 sao OCOP, nhưng chứng nhận chỉ 3 sao.');
  await shot(page, 'report-375-nojs');
  await Promise.all([page.waitForURL((u) => u.pathname === '/bao-cao-vi-pham/da-gui'), page.click('main form button[type=submit]')]);
  const reportNo = ((await page.locator('main').textContent()).match(/báo cáo số (\d+)/) || [])[1];
  assert.ok(reportNo, 'the report number is shown');
  await shot(page, 'reported-375-nojs');
  await page.context().close();
  page = await newPage(1280, true);
  await page.goto(`${base}/bao-cao-vi-pham?san-pham=${reported.code}`, { waitUntil: 'networkidle' });
  await settled(page, true);
  await audit(page, 'report form @1280');
  await page.context().close();

  // The officer hides it.
  page = await newPage(1280, true);
  await signIn(page, true, '/can-bo/kiem-duyet');
  await audit(page, 'moderation queue @1280');
  await shot(page, 'moderation-1280-js');
  await page.goto(`${base}/can-bo/kiem-duyet/${reportNo}`, { waitUntil: 'networkidle' });
  await settled(page, true);
  await audit(page, 'report case @1280');
  await page.fill('#reason', 'Nhãn 5 sao không đúng với quyết định công nhận 3 sao.');
  await page.click('button[name=decision][value=hide]');
  await page.waitForFunction(() => document.querySelector('main').textContent.includes('Đã ẩn sản phẩm'), null, { timeout: 20000 });
  await shot(page, 'hidden-1280-js');
  await page.context().close();
  const gone = await fetch(`${base}/san-pham/${reported.slug}`);
  assert.equal(gone.status, 404, 'the hidden product page is gone');

  // The producer answers on a phone, with JavaScript.
  page = await newPage(375, true);
  await page.goto(`${base}/dang-nhap?next=/quan-ly/kiem-duyet`, { waitUntil: 'networkidle' });
  await settled(page, true);
  await page.locator('main input[name=email]').fill('htx.phusa@demo.chocop.vn');
  await page.locator('main input[name=password]').fill('ocop-demo-2026');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/quan-ly/kiem-duyet', { timeout: 20000 }),
    page.locator('form[action$="sign_in"] button[type=submit]').click(),
  ]);
  await settled(page, true);
  await audit(page, 'stall reports @375');
  await page.fill('textarea[name=answer]', 'Chúng tôi đã thay ảnh, nhãn đúng 3 sao theo quyết định.');
  await page.click('main form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('main').textContent.includes('Bạn đã trả lời'), null, { timeout: 20000 });
  await shot(page, 'answered-375-js');
  await page.context().close();
} catch (e) {
  failures.push(String(e.stack || e));
}
await browser.close();
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('seller journeys: four applications (375/1280, JavaScript on/off), one approved, one refused; a report, the listing hidden, the producer answering; axe clean on every form and queue');
