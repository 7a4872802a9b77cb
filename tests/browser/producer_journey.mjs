// A producer's first day, in a real Chromium on a 375-pixel phone screen with
// JavaScript on: an officer invites a member; she chooses her password from
// the e-mailed link, adds a product with two photos and a story, publishes
// it; the officer records its certification; it shows on the public stall;
// a shopper orders it; she confirms and ships the order, and the shopper's
// order reads "shipped".
// Usage: node producer_journey.mjs http://127.0.0.1:PORT [screenshot-dir]
// OCOP_DATA_DIR must name the server's data directory (mail is written there
// as .eml files when no SMTP server is configured).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const base = process.argv[2];
const shots = process.argv[3];
const dataDir = process.env.OCOP_DATA_DIR;
assert.ok(base && dataDir, 'usage: OCOP_DATA_DIR=... node producer_journey.mjs BASE_URL [SHOT_DIR]');
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });
const phone = { viewport: { width: 375, height: 812 } };
const password = 'ocop-demo-2026';
const memberPassword = 'hoa-sen-thoi-lai-2026';
const member = `hoa.${Date.now()}@htxphusa.vn`;
const productName = 'Mắm cá linh Thới Lai';

async function shot(page, name) {
  if (!shots) return;
  await page.waitForLoadState('networkidle');
  const file = `${shots}/producer-${name}-375.png`;
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}

// Page errors (a hydration panic, a failed script) fail the journey.
const errors = [];
async function newPage() {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  return page;
}

// Waits until the page has hydrated (the wasm has run): forms then send in
// the background instead of reloading.
async function hydrated(page) {
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated'), null, { timeout: 20000 });
  await page.waitForLoadState('networkidle');
}

async function signIn(page, email, pass, landing) {
  await page.goto(`${base}/dang-nhap`, { waitUntil: 'networkidle' });
  await page.locator('main input[name=email]').fill(email);
  await page.locator('main input[name=password]').fill(pass);
  await Promise.all([
    page.waitForURL((u) => u.pathname === landing, { timeout: 20000 }),
    page.locator('main form button[type=submit]').first().click(),
  ]);
  await page.waitForLoadState('networkidle');
}

// The invitation as the mail sender wrote it to disk.
function decodeEml(raw) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  let body = rest.join('\n\n');
  if (/Content-Transfer-Encoding:\s*base64/i.test(head)) {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  } else if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(head)) {
    body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g,
      (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return `${head}\n\n${body}`;
}
async function invitationLink(to) {
  const dir = path.join(dataDir, 'mail');
  for (let i = 0; i < 100; i++) {
    if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
        const text = decodeEml(fs.readFileSync(path.join(dir, f), 'utf8'));
        if (text.includes(to)) {
          const m = text.match(/\/dat-lai-mat-khau\?token=[A-Za-z0-9_-]+/);
          if (m) return m[0];
        }
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no invitation mailed to ${to}`);
}

// Two real photos: the largest JPEG of two demo products (fish sauce ones
// first, to look like the product being added).
async function twoPhotos() {
  const found = await (await fetch(`${base}/api/v1/products/search?q=mam&limit=20`)).json();
  const { items: more } = await (await fetch(`${base}/api/v1/products?limit=20`)).json();
  const items = [...(found.items || []), ...more];
  const files = [];
  for (const item of items) {
    const detail = await (await fetch(`${base}/api/v1/products/${item.code}`)).json();
    const url = detail.images?.[0]?.url;
    if (!url) continue;
    const bytes = Buffer.from(await (await fetch(new URL(url, base))).arrayBuffer());
    const file = path.join(os.tmpdir(), `ocop-photo-${files.length}-${process.pid}.jpg`);
    fs.writeFileSync(file, bytes);
    files.push(file);
    if (files.length === 2) return files;
  }
  throw new Error('the demo catalog has two photos to upload');
}

// 1. The officer invites the member.
const officer = await newPage();
await signIn(officer, 'canbo.cantho@demo.chocop.vn', password, '/can-bo');
await hydrated(officer);
await officer.locator('select[name=producer_code]').selectOption('CT000001');
await officer.locator('input[name=display_name]').fill('Lê Thị Hoa');
await officer.locator('input[name=email]').fill(member);
await shot(officer, '1-officer-invites');
await officer.getByRole('button', { name: 'Gửi lời mời' }).click();
await officer.getByText(`Đã gửi lời mời tới ${member}`).waitFor({ timeout: 15000 });

// 2. The member chooses her password from the link and signs in.
const link = await invitationLink(member);
const hoa = await newPage();
await hoa.goto(`${base}${link}`, { waitUntil: 'networkidle' });
await hydrated(hoa);
await hoa.locator('input[name=password]').fill(memberPassword);
await hoa.locator('input[name=repeated]').fill(memberPassword);
await shot(hoa, '2-sets-password');
await Promise.all([
  hoa.waitForURL((u) => u.pathname === '/dang-nhap', { timeout: 20000 }),
  hoa.locator('main form button[type=submit]').first().click(),
]);
// A new account accepts the operating rules and the privacy notice first.
await signIn(hoa, member, memberPassword, '/tai-khoan/chap-nhan-chinh-sach');
await hydrated(hoa);
await hoa.locator('input[name=agree]').check();
await shot(hoa, '3a-accepts-the-policies');
await Promise.all([
  hoa.waitForURL((u) => u.pathname === '/quan-ly', { timeout: 20000 }),
  hoa.getByRole('button', { name: 'Đồng ý và tiếp tục' }).click(),
]);
await hoa.waitForLoadState('networkidle');
await hoa.getByRole('heading', { name: 'Hợp tác xã Phù Sa Thới Lai' }).waitFor();
await shot(hoa, '3-stall-overview');

// 3. She adds a product with its story; the preview follows her typing.
await hoa.goto(`${base}/quan-ly/san-pham/moi`, { waitUntil: 'networkidle' });
await hydrated(hoa);
await hoa.locator('input[name=name]').fill(productName);
await hoa.locator('select[name=group]').selectOption('1');
await hoa.locator('input[name=unit]').fill('hũ 500g');
await hoa.locator('input[name=price_vnd]').fill('85.000');
await hoa.locator('input[name=stock]').fill('20');
await hoa.locator('textarea[name=description]').fill('Mắm cá linh mùa nước nổi, ướp muối hột.');
await hoa.locator('textarea[name=story]').fill(
  '## Mùa nước nổi\n\nMỗi năm khi nước lên, cá linh **non** theo con nước về đồng Thới Lai. ' +
  'Các chị trong hợp tác xã ướp cá với muối hột và thính gạo rang, ủ đủ _ba tháng_.\n\n' +
  '- Không chất bảo quản\n- Cá linh tươi trong ngày');
await hoa.locator('.story-preview strong').filter({ hasText: 'non' }).waitFor({ timeout: 10000 });
await shot(hoa, '4-new-product');
await Promise.all([
  hoa.waitForURL(/\/quan-ly\/san-pham\/CT000001-\d+/, { timeout: 20000 }),
  hoa.getByRole('button', { name: 'Lưu sản phẩm' }).click(),
]);
const code = new URL(hoa.url()).pathname.split('/').pop();
await hoa.getByRole('heading', { name: productName }).waitFor();

// 4. Two photos: one chosen with the file input, one dropped on the photo
//    section (with JavaScript the drop fills the same form and sends it).
const [first, second] = await twoPhotos();
await hoa.locator('#photo-files').setInputFiles(first);
await Promise.all([
  hoa.waitForURL((u) => u.pathname === `/quan-ly/san-pham/${code}` && !u.search.includes('loi-anh'), { timeout: 30000 }),
  hoa.getByRole('button', { name: 'Tải ảnh lên' }).click(),
]);
await hoa.locator('.photo-row').first().waitFor();
await hydrated(hoa);
const dropped = await hoa.evaluateHandle(({ b64 }) => {
  const dt = new DataTransfer();
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  dt.items.add(new File([bytes], 'hu-mam.jpg', { type: 'image/jpeg' }));
  return dt;
}, { b64: fs.readFileSync(second).toString('base64') });
await hoa.dispatchEvent('section.photos', 'drop', { dataTransfer: dropped });
// The form posts and the page comes back with the photo.
for (let i = 0; i < 100; i++) {
  try {
    if ((await hoa.locator('.photo-row').count()) >= 2) break;
  } catch { /* the page is being replaced */ }
  await hoa.waitForTimeout(200);
}
await hoa.waitForLoadState('networkidle');
assert.equal(await hoa.locator('.photo-row').count(), 2, 'two photos on the product');

// 5. She publishes it; shoppers see it once certified.
await hydrated(hoa);
await hoa.getByRole('button', { name: 'Bật bán' }).click();
await hoa.getByRole('button', { name: 'Ngừng bán' }).waitFor({ timeout: 15000 });
await shot(hoa, '5-product-published');

// 6. The officer records the certification decision.
await officer.goto(`${base}/can-bo`, { waitUntil: 'networkidle' });
await hydrated(officer);
const entry = officer.locator('.awaiting li').filter({ hasText: code });
await entry.locator('summary').click();
await entry.locator('select[name=stars]').selectOption('4');
await entry.locator('input[name=score]').fill('82');
await entry.locator('input[name=decision_no]').fill('15/QĐ-UBND');
const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
await entry.locator('input[name=decided_on]').fill(today);
await entry.getByRole('button', { name: 'Ghi nhận chứng nhận' }).click();
await officer.locator('.awaiting li').filter({ hasText: code }).waitFor({ state: 'detached', timeout: 15000 });

// 7. The product is on the public stall.
let onStall = false;
for (let i = 0; i < 30 && !onStall; i++) {
  await hoa.goto(`${base}/gian-hang/hop-tac-xa-phu-sa-thoi-lai`, { waitUntil: 'networkidle' });
  onStall = (await hoa.getByText(productName).count()) > 0;
  if (!onStall) await hoa.waitForTimeout(300);
}
assert.ok(onStall, 'the new product is on the public stall');
await hoa.getByText(productName).first().scrollIntoViewIfNeeded();
await shot(hoa, '6-public-stall');

// 8. A shopper orders it (cash on delivery).
const order = await (await fetch(`${base}/api/v1/checkout`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    items: [{ code, quantity: 2 }],
    contact: { name: 'Nguyễn Thị Lan', phone: '0912 345 678', email: 'lan@example.vn' },
    delivery: { method: 'ship', province: 'Cần Thơ', commune: 'Xã Thới Lai', street: 'Ấp 7' },
    payment: 'cod',
  }),
})).json();
const placed = order.orders?.[0];
assert.ok(placed?.number, `the order is placed: ${JSON.stringify(order)}`);

// 9. She finds it, confirms and ships it.
await hoa.goto(`${base}/quan-ly/don-hang`, { waitUntil: 'networkidle' });
await hoa.getByText(placed.number).waitFor();
await shot(hoa, '7-orders');
await hoa.getByRole('link', { name: placed.number }).click();
await hoa.waitForURL((u) => u.pathname === `/quan-ly/don-hang/${placed.number}`);
await hydrated(hoa);
await hoa.getByRole('button', { name: 'Xác nhận đơn' }).click();
await hoa.locator('input[name=carrier]').waitFor({ timeout: 15000 });
await hoa.locator('input[name=carrier]').fill('Viettel Post');
await hoa.locator('input[name=tracking_no]').fill('VTP123456789');
await hoa.getByRole('button', { name: 'Giao cho đơn vị vận chuyển' }).click();
await hoa.getByRole('button', { name: 'Đã giao tới người mua' }).waitFor({ timeout: 15000 });
await shot(hoa, '8-order-shipped');

// 10. The shopper's order page says it is on its way.
const shopper = await newPage();
const orderUrl = placed.url || `/don-hang/${placed.number}?token=${placed.token}`;
await shopper.goto(orderUrl.startsWith('http') ? orderUrl : `${base}${orderUrl}`, { waitUntil: 'networkidle' });
await shopper.getByText('VTP123456789').first().waitFor({ timeout: 10000 });
assert.ok(errors.length === 0, `no page errors: ${errors.join('\n')}`);
console.log(`ok   producer journey: ${code} published, certified, ordered (${placed.number}) and shipped`);
await browser.close();
