// The three journeys of Chợ OCOP in a real Chromium, each on a phone
// (375×812) and a desktop (1280×800) screen, with JavaScript on and off:
//
// - shopper: searches "nuoc mam" without diacritics, opens the first result,
//   adds it, adds a second producer's product from that producer's stall,
//   checks out cash on delivery to a commune chosen in the pickers, reads the
//   confirmation and opens an order by its link;
// - producer: signs in, edits a product's story and uploads a photo, sees both
//   on the public page, finds the shopper's order, confirms and ships it; the
//   shopper's order page then says "shipped";
// - officer: signs in, creates a fair, approves the registration a producer
//   makes for it, opens the plan report and exports it as XLSX, which is read
//   back.
//
// Every step leaves a screenshot in the artifact directory (default
// ../../target/artifacts/journeys), and a failing step one more.
// Usage: node journeys.mjs http://127.0.0.1:PORT [artifact-dir]
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const base = process.argv[2];
assert.ok(base, 'usage: node journeys.mjs BASE_URL [ARTIFACT_DIR]');
const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = process.argv[3] || path.join(here, '../../target/artifacts/journeys');
fs.mkdirSync(artifacts, { recursive: true });
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });

const password = 'ocop-demo-2026';
const producerAccount = 'htx.thanhdat@demo.chocop.vn';
const producerCode = 'CT000002';
const officerAccount = 'canbo.cantho@demo.chocop.vn';

const screens = [
  { name: '375', viewport: { width: 375, height: 812 } },
  { name: '1280', viewport: { width: 1280, height: 800 } },
];

/// One way of seeing the site: a screen size and JavaScript on or off. Each
/// person in a journey gets a fresh browser context (own cookies) of it.
class Variant {
  constructor(screen, js) {
    this.screen = screen;
    this.js = js;
    this.label = `${screen.name}-${js ? 'js' : 'nojs'}`;
    this.errors = [];
    this.pages = [];
  }

  async open() {
    const context = await browser.newContext({ javaScriptEnabled: this.js, viewport: this.screen.viewport, acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (e) => this.errors.push(String(e)));
    page.setDefaultTimeout(20000);
    this.pages.push(page);
    return page;
  }

  async close() {
    for (const page of this.pages) await page.context().close();
    this.pages = [];
  }

  /// Waits for the wasm to have hydrated the page (forms then send in the
  /// background); without JavaScript, for the page to have loaded.
  async ready(page) {
    await page.waitForLoadState('networkidle');
    if (this.js) {
      await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated'), null, { timeout: 20000 });
    }
  }

  async shot(page, journey, step) {
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.screenshot({ path: path.join(artifacts, `${journey}-${this.label}-${step}.png`), fullPage: true });
  }
}

let passed = 0, failed = 0;
async function journey(name, variant, fn) {
  const title = `${name} journey, ${variant.screen.name} px, JavaScript ${variant.js ? 'on' : 'off'}`;
  const started = Date.now();
  try {
    const result = await fn();
    assert.deepEqual(variant.errors, [], 'no errors on the pages');
    passed++;
    console.log(`ok   ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } catch (e) {
    failed++;
    console.log(`FAIL ${title}\n${e.stack || e}`);
    for (const [i, page] of variant.pages.entries()) {
      const file = path.join(artifacts, `FAILED-${name}-${variant.label}-${i}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.log(`     ${page.url()} → ${file}`);
    }
    return null;
  } finally {
    variant.errors = [];
    await variant.close();
  }
}

/// Clicks `button` and waits for the address to satisfy `url`: with
/// JavaScript the app navigates, without it the form posts and the server
/// redirects.
async function submitTo(page, button, url) {
  await Promise.all([page.waitForURL(url, { timeout: 20000 }), button.click()]);
  await page.waitForLoadState('networkidle');
}

async function signIn(variant, page, email, landing) {
  await page.goto(`${base}/dang-nhap`);
  await variant.ready(page);
  await page.locator('main input[name=email]').fill(email);
  await page.locator('main input[name=password]').fill(password);
  await submitTo(page, page.locator('main form button[type=submit]').first(), (u) => u.pathname === landing);
}

// ---------------------------------------------------------------- shopper

/// The producer's product the shopper buys second (and the producer then
/// edits and ships): the one with the most stock, read from the public API.
async function producerProduct() {
  const mine = [];
  for (let page = 1; ; page++) {
    const { items } = await (await fetch(`${base}/api/v1/products?limit=100&page=${page}`)).json();
    if (items.length === 0) break;
    for (const p of items) {
      // Summaries name the producer; the detail gives its code.
      if (!p.in_stock || !p.producer.includes('Thành Đạt')) continue;
      const detail = await (await fetch(`${base}/api/v1/products/${p.code}`)).json();
      if (detail.producer.code === producerCode) mine.push(detail);
    }
  }
  const buyable = mine.filter((p) => p.stock > 0).sort((a, b) => b.stock - a.stock);
  assert.ok(buyable.length > 0, `${producerCode} has a product in stock`);
  return buyable[0];
}

/// What a shopper types for `name`: lower case, no diacritics, no đ.
function typed(name) {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

async function shopperJourney(variant, second) {
  const page = await variant.open();
  await page.goto(`${base}/`);
  await variant.ready(page);
  // 1. Search without diacritics from the header.
  await search(variant, page, 'nuoc mam');
  await variant.shot(page, 'shopper', '1-search');
  const firstCard = page.locator('.search-results .product-card').first();
  const firstName = (await firstCard.locator('h3').textContent()).trim();
  assert.match(firstName, /Nước mắm/, `the first result is a fish sauce: ${firstName}`);
  // 2. Its page, and into the cart.
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/san-pham/')),
    firstCard.locator('a.card-link').click(),
  ]);
  await page.waitForFunction((n) => document.querySelector('h1')?.textContent.trim() === n, firstName);
  await variant.ready(page);
  await addToCart(variant, page);
  await variant.shot(page, 'shopper', '2-added');
  // 3. A second producer's product, searched for by its name.
  await search(variant, page, typed(second.name));
  const card = page.locator(`.search-results .product-card:has(a[href="/san-pham/${second.slug}"])`).first();
  assert.match(await card.textContent(), new RegExp(second.producer.name), 'the card names the producer');
  await Promise.all([
    page.waitForURL((u) => u.pathname === `/san-pham/${second.slug}`),
    card.locator('a.card-link').click(),
  ]);
  await page.waitForFunction((n) => document.querySelector('h1')?.textContent.trim() === n, second.name);
  await variant.ready(page);
  await addToCart(variant, page);
  // 4. The cart: one group per producer.
  await page.goto(`${base}/gio-hang`);
  await variant.ready(page);
  const cart = await page.locator('.cart').textContent();
  assert.ok(cart.includes(firstName) && cart.includes(second.name), `both products in the cart: ${cart}`);
  assert.equal(await page.locator('.cart-group').count(), 2, 'one group per producer');
  await variant.shot(page, 'shopper', '3-cart');
  // 5. Checkout, cash on delivery, to a commune chosen in the pickers.
  await submitTo(page, page.getByRole('link', { name: 'Đặt hàng' }), (u) => u.pathname === '/thanh-toan');
  await variant.ready(page);
  await page.getByLabel('Họ và tên').fill('Phạm Minh Châu');
  await page.getByLabel('Số điện thoại').fill('0903 123 456');
  await page.getByLabel('Tỉnh / thành phố').selectOption({ label: 'Cần Thơ' });
  if (!variant.js) {
    await submitTo(page, page.getByRole('button', { name: 'Xem xã / phường của tỉnh này' }), (u) => u.pathname === '/thanh-toan');
    assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Phạm Minh Châu', 'the typed name is kept');
  }
  await page.waitForFunction(() => document.querySelectorAll('#commune option').length > 1);
  const commune = page.getByLabel('Xã / phường');
  await commune.selectOption(await commune.locator('option', { hasText: 'Thới Lai' }).first().getAttribute('value'));
  await page.getByLabel('Số nhà, đường, thôn / ấp').fill('Số 12, đường Trần Hưng Đạo');
  const cod = page.locator('input[name=payment][value=cod]');
  if (await cod.count()) await cod.check();
  await variant.shot(page, 'shopper', '4-checkout');
  await submitTo(page, page.getByRole('button', { name: 'Đặt hàng', exact: true }), (u) => u.pathname.startsWith('/dat-hang/'));
  await page.waitForSelector('.confirmation h1');
  assert.match(await page.locator('.confirmation').textContent(), /Đặt hàng thành công/);
  const orders = await page.locator('.confirmed-orders li').evaluateAll((lis) => lis.map((li) => ({
    number: li.querySelector('strong').textContent.trim(),
    url: li.querySelector('a').getAttribute('href'),
    text: li.textContent,
  })));
  assert.equal(orders.length, 2, 'one order per producer');
  await variant.shot(page, 'shopper', '5-confirmation');
  // 6. The order page, by its link.
  const producerOrder = orders.find((o) => o.text.includes(second.producer.name));
  assert.ok(producerOrder, `an order from ${second.producer.name}: ${JSON.stringify(orders)}`);
  await submitTo(page, page.locator(`.confirmed-orders a[href="${producerOrder.url}"]`), (u) => u.pathname.startsWith('/don-hang/'));
  await page.waitForSelector('.order-status');
  assert.match(await page.locator('.order-status').textContent(), /Chờ xác nhận/);
  assert.ok((await page.locator('main').textContent()).includes(second.name), 'the order lists the product');
  await variant.shot(page, 'shopper', '6-order');
  // The cart is empty afterwards.
  await page.goto(`${base}/gio-hang`);
  assert.match(await page.locator('.cart').textContent(), /Giỏ hàng đang trống/, 'the cart is emptied');
  return producerOrder;
}

/// Types `query` in the header's search box and presses Enter.
async function search(variant, page, query) {
  const box = page.locator('header input[name=q]');
  await box.fill(query);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/tim-kiem' && u.searchParams.get('q') === query),
    box.press('Enter'),
  ]);
  await page.waitForSelector('.search-results .product-card mark');
  await variant.ready(page);
}

async function addToCart(variant, page) {
  const button = page.getByRole('button', { name: 'Thêm vào giỏ hàng' });
  if (variant.js) {
    await button.click();
    await page.waitForSelector('.buy .notice');
  } else {
    await submitTo(page, button, (u) => u.pathname === '/gio-hang');
  }
}

// ---------------------------------------------------------------- producer

/// `count` different real JPEGs: the first photos of demo products (the
/// demo's photos are made in the background after the first start, so wait
/// for them). Each run uploads its own: the same photo twice is one photo.
async function photos(count) {
  for (let attempt = 0; attempt < 120; attempt++) {
    const files = [];
    const { items } = await (await fetch(`${base}/api/v1/products?limit=40`)).json();
    for (const item of items) {
      const detail = await (await fetch(`${base}/api/v1/products/${item.code}`)).json();
      const url = detail.images?.[0]?.url;
      if (!url) continue;
      const file = path.join(artifacts, `upload-${files.length}-${process.pid}.jpg`);
      fs.writeFileSync(file, Buffer.from(await (await fetch(new URL(url, base))).arrayBuffer()));
      files.push(file);
      if (files.length === count) return files;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the demo catalog has ${count} photos to upload`);
}

async function producerJourney(variant, product, order, photo) {
  const page = await variant.open();
  // 1. Sign in to the stall.
  await signIn(variant, page, producerAccount, '/quan-ly');
  await variant.shot(page, 'producer', '1-stall');
  // 2. Edit the product's story.
  await page.goto(`${base}/quan-ly/san-pham/${product.code}`);
  await variant.ready(page);
  const sentence = `Vụ mùa này hợp tác xã thu hoạch sớm hai tuần (${variant.label}).`;
  const story = page.locator('textarea[name=story]');
  await story.fill(`${(await story.inputValue()).trim()}\n\n${sentence}`);
  const save = page.getByRole('button', { name: 'Lưu thay đổi' });
  if (variant.js) {
    await save.click();
    await page.getByText(/Đã lưu/).first().waitFor();
  } else {
    await submitTo(page, save, (u) => u.pathname === `/quan-ly/san-pham/${product.code}`);
  }
  await page.reload();
  await variant.ready(page);
  assert.ok((await page.locator('textarea[name=story]').inputValue()).includes(sentence), 'the story is saved');
  // 3. Upload a photo.
  const photos = await page.locator('.photo-row').count();
  await page.locator('#photo-files').setInputFiles(photo);
  await submitTo(page, page.getByRole('button', { name: 'Tải ảnh lên' }),
    (u) => u.pathname === `/quan-ly/san-pham/${product.code}` && !u.search.includes('loi-anh'));
  await page.waitForFunction((n) => document.querySelectorAll('.photo-row').length > n, photos, { timeout: 30000 });
  await variant.shot(page, 'producer', '2-edited');
  // 4. Both on the public page (search and pages follow within a second).
  let shown = false;
  for (let i = 0; i < 20 && !shown; i++) {
    await page.goto(`${base}/san-pham/${product.slug}`);
    shown = (await page.locator('.story').textContent()).includes(sentence);
    if (!shown) await page.waitForTimeout(250);
  }
  assert.ok(shown, 'the new story is on the public page');
  const pictures = await page.locator('main img[src*="/media/"]').evaluateAll((imgs) => new Set(imgs.map((i) => i.getAttribute('src').split('/').slice(0, -1).join('/'))).size);
  assert.ok(pictures >= photos + 1, `the public page shows ${photos + 1} photos (${pictures})`);
  await variant.shot(page, 'producer', '3-public');
  // 5. The shopper's order, confirmed and shipped.
  await page.goto(`${base}/quan-ly/don-hang`);
  await variant.ready(page);
  await submitTo(page, page.getByRole('link', { name: order.number }), (u) => u.pathname === `/quan-ly/don-hang/${order.number}`);
  await variant.ready(page);
  await variant.shot(page, 'producer', '4-order');
  await page.getByRole('button', { name: 'Xác nhận đơn' }).click();
  await page.locator('input[name=carrier]').waitFor();
  await variant.ready(page);
  await page.locator('input[name=carrier]').fill('Viettel Post');
  await page.locator('input[name=tracking_no]').fill(`VTP${Date.now()}`);
  await page.getByRole('button', { name: 'Giao cho đơn vị vận chuyển' }).click();
  await page.getByRole('button', { name: 'Đã giao tới người mua' }).waitFor();
  await variant.shot(page, 'producer', '5-shipped');
  // 6. The shopper's order page says so.
  const shopper = await variant.open();
  await shopper.goto(`${base}${order.url}`);
  await shopper.waitForSelector('.order-status');
  assert.match(await shopper.locator('.order-status').textContent(), /Đang giao/);
  assert.ok((await shopper.locator('main').textContent()).includes('Viettel Post'), 'the carrier is shown');
  await variant.shot(shopper, 'producer', '6-shopper-sees-shipped');
}

// ---------------------------------------------------------------- officer

/// `datetime-local` text of Vietnam time `days` from now at `hour`:00.
function vnDay(days, hour) {
  const d = new Date(Date.now() + 7 * 3600e3 + days * 86400e3);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

async function officerJourney(variant) {
  const officer = await variant.open();
  // 1. Sign in; from the desk to a new event.
  await signIn(variant, officer, officerAccount, '/can-bo');
  await variant.ready(officer);
  await variant.shot(officer, 'officer', '1-desk');
  await submitTo(officer, officer.locator('main a[href="/can-bo/su-kien"]').first(), (u) => u.pathname === '/can-bo/su-kien');
  await variant.ready(officer);
  await submitTo(officer, officer.locator('main a[href="/can-bo/su-kien/moi"]').first(), (u) => u.pathname === '/can-bo/su-kien/moi');
  await variant.ready(officer);
  // 2. The fair, open for registration.
  const title = `Hội chợ OCOP Tây Đô mùa xuân (${variant.label})`;
  await officer.locator('#ev-title').fill(title);
  await officer.locator('#ev-kind').selectOption('fair');
  await officer.locator('#ev-status').selectOption('open');
  await officer.locator('#ev-starts').fill(vnDay(30, 8));
  await officer.locator('#ev-ends').fill(vnDay(33, 21));
  await officer.locator('#ev-province').selectOption({ label: 'Cần Thơ' });
  await officer.locator('#ev-venue').fill('Công viên sông Hậu, quận Ninh Kiều');
  await officer.locator('#ev-organizer').fill('Sở Công Thương Cần Thơ');
  await officer.locator('#ev-description').fill('Hơn 80 gian hàng OCOP của Cần Thơ và các tỉnh đồng bằng sông Cửu Long.');
  await variant.shot(officer, 'officer', '2-new-fair');
  await submitTo(officer, officer.locator('main form button[type=submit]').last(),
    (u) => /^\/can-bo\/su-kien\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/moi'));
  const eventPath = new URL(officer.url()).pathname;
  await officer.getByRole('heading', { name: title }).waitFor();
  // 3. A producer registers for it from the stall.
  const producer = await variant.open();
  await signIn(variant, producer, producerAccount, '/quan-ly');
  await producer.goto(`${base}/quan-ly/su-kien`);
  await variant.ready(producer);
  const offer = producer.locator('.event-list li').filter({ has: producer.getByRole('heading', { name: title }) });
  await offer.locator('input[type=checkbox]').first().check();
  const registerButton = offer.getByRole('button', { name: 'Đăng ký tham gia' });
  if (variant.js) {
    await registerButton.click();
  } else {
    await submitTo(producer, registerButton, (u) => u.pathname === '/quan-ly/su-kien');
  }
  const mine = producer.locator('.event-list li').filter({ has: producer.getByRole('heading', { name: title }) }).filter({ hasText: 'Chờ ban tổ chức duyệt' });
  await mine.first().waitFor();
  await variant.shot(producer, 'officer', '3-producer-registers');
  // 4. The officer approves it, with a booth number.
  await officer.goto(`${base}${eventPath}`);
  await variant.ready(officer);
  const row = officer.locator(`#dk-${producerCode}`);
  await row.locator('select[name=status]').selectOption('approved');
  await row.locator('input[name=booth_no]').fill('A12');
  const decide = row.getByRole('button', { name: 'Lưu quyết định' });
  if (variant.js) {
    await decide.click();
  } else {
    await submitTo(officer, decide, (u) => u.pathname === eventPath);
  }
  await officer.locator('li.registration.participation-approved').filter({ hasText: 'Gian hàng số A12' }).waitFor();
  await variant.shot(officer, 'officer', '4-approved');
  await producer.goto(`${base}/quan-ly/su-kien`);
  await producer.locator('.event-list li').filter({ hasText: title }).filter({ hasText: 'Đã được duyệt' }).first().waitFor();
  // 5. The plan report of the officer's province.
  await officer.goto(`${base}/can-bo`);
  await variant.ready(officer);
  await submitTo(officer, officer.locator('main a[href="/bao-cao"]').first(), (u) => u.pathname === '/bao-cao');
  await variant.ready(officer);
  const planLink = officer.locator('main a[href^="/bao-cao/"]').filter({ hasText: 'Cần Thơ' }).first();
  await submitTo(officer, planLink, (u) => u.pathname.startsWith('/bao-cao/') && u.pathname !== '/bao-cao/chi-so');
  await officer.locator('table').first().waitFor();
  const heading = (await officer.locator('h1').first().textContent()).trim();
  await variant.shot(officer, 'officer', '5-plan-report');
  // 6. The XLSX export, read back.
  const [download] = await Promise.all([
    officer.waitForEvent('download'),
    officer.getByRole('link', { name: 'Tải bảng Excel (XLSX)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const file = path.join(artifacts, `officer-${variant.label}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  const sheet = xlsxText(fs.readFileSync(file));
  const metrics = await officer.locator('table tbody th code').allTextContents();
  assert.ok(metrics.length > 0, 'the report lists targets');
  for (const metric of metrics) assert.ok(sheet.includes(metric), `the workbook holds target ${metric}`);
  assert.ok(sheet.includes('Cần Thơ'), `the workbook names the province (page: ${heading})`);
}

/// The text of every shared string and inline string of an XLSX workbook
/// (a zip archive of XML parts), read with no dependency: the central
/// directory gives each part's place and compression.
function xlsxText(bytes) {
  assert.equal(bytes.readUInt32LE(0), 0x04034b50, 'the download is a zip archive (XLSX)');
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'the archive has a central directory');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let text = '';
  for (let i = 0; i < count; i++) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extra + comment;
    if (!name.endsWith('.xml')) continue;
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const raw = bytes.subarray(start, start + size);
    const xml = (method === 8 ? zlib.inflateRawSync(raw) : raw).toString('utf8');
    text += xml.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
  }
  return text;
}

// ---------------------------------------------------------------- the runs

const second = await producerProduct();
const uploads = await photos(screens.length * 2);
for (const screen of screens) {
  for (const js of [true, false]) {
    const variant = new Variant(screen, js);
    const photo = uploads.pop();
    const order = await journey('shopper', variant, () => shopperJourney(variant, second));
    if (order) {
      await journey('producer', variant, () => producerJourney(variant, second, order, photo));
    } else {
      failed++;
      console.log(`FAIL producer journey, ${variant.label}: no order from the shopper journey`);
    }
    await journey('officer', variant, () => officerJourney(variant));
    fs.rmSync(photo, { force: true });
  }
}
for (const file of uploads) fs.rmSync(file, { force: true });
await browser.close();
console.log(`journeys: ${passed} passed, ${failed} failed; screenshots in ${artifacts}`);
process.exit(failed === 0 ? 0 : 1);
