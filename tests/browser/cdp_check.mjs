// Load a rotas HTML report in headless Chromium over the DevTools protocol and check it:
// no exceptions or console errors, the arrows stand for every move, a header click sorts.
// usage: node --experimental-websocket cdp_check.mjs CHROMIUM REPORT.html N_MOVES
// Uses only Node's built-ins (child_process, fs, WebSocket); no packages.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [chromium, report, nMoves] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'rotas-cdp-'));
const proc = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
  { stdio: ['ignore', 'ignore', 'ignore'] });
let failed = false;
const fail = (msg) => { console.error(`FAIL: ${msg}`); failed = true; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const timer = setTimeout(() => { fail('timed out'); finish(); }, 45000);

function finish() {
  clearTimeout(timer);
  proc.kill('SIGKILL');
  try { rmSync(profile, { recursive: true, force: true }); } catch { /* still locked */ }
  process.exit(failed ? 1 : 0);
}

async function main() {
  const portFile = join(profile, 'DevToolsActivePort');
  for (let i = 0; i < 200 && !existsSync(portFile); i++) await sleep(100);
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  let targets = [];
  for (let i = 0; i < 50 && !targets.some((t) => t.type === 'page'); i++) {
    targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    if (!targets.some((t) => t.type === 'page')) await sleep(100);
  }
  const page = targets.find((t) => t.type === 'page');
  const ws = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((r, j) => { ws.onopen = r; ws.onerror = j; });
  let id = 0;
  const pending = new Map();
  const problems = [];
  let loaded = null;
  const loadedP = new Promise((r) => { loaded = r; });
  ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data);
    if (m.id && pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); return; }
    if (m.method === 'Runtime.exceptionThrown')
      problems.push(`exception: ${m.params.exceptionDetails.exception?.description ?? m.params.exceptionDetails.text}`);
    if (m.method === 'Runtime.consoleAPICalled' && ['error', 'assert'].includes(m.params.type))
      problems.push(`console.${m.params.type}: ${m.params.args.map((a) => a.value ?? a.description).join(' ')}`);
    if (m.method === 'Log.entryAdded' && m.params.entry.level === 'error')
      problems.push(`log: ${m.params.entry.text} ${m.params.entry.url ?? ''}`);
    if (m.method === 'Page.loadEventFired') loaded();
  };
  const send = (method, params = {}) => new Promise((r) => {
    const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params }));
  });
  const evaluate = async (expr) => {
    const r = await send('Runtime.evaluate', { expression: expr, returnByValue: true });
    if (r.result.exceptionDetails) throw new Error(`${expr}: ${r.result.exceptionDetails.text}`);
    return r.result.result.value;
  };
  await send('Runtime.enable');
  await send('Log.enable');
  await send('Page.enable');
  // Block every network request except the report itself: the page must need none.
  await send('Network.enable');
  await send('Network.setBlockedURLs', { urls: ['http://*', 'https://*', 'ws://*', 'wss://*'] });
  await send('Page.navigate', { url: 'file://' + resolve(report) });
  await loadedP;
  await sleep(300);

  const status = await evaluate("document.getElementById('js-status').getAttribute('data-js')");
  if (status !== 'ok') fail(`js-status is ${status}: ${await evaluate("document.getElementById('js-status').textContent")}`);
  const arrows = await evaluate("Array.from(document.querySelectorAll('.move-arrow')).reduce((s,a)=>s+parseInt(a.getAttribute('data-count'),10),0)");
  if (arrows !== Number(nMoves)) fail(`arrows stand for ${arrows} moves, the plan has ${nMoves}`);
  const rows = await evaluate("document.querySelectorAll('#moves tbody tr').length");
  if (rows !== Number(nMoves)) fail(`move table has ${rows} rows, the plan ${nMoves} moves`);
  // Sort by distance (the 9th column) twice: ascending, then descending.
  const kmCol = "Array.from(document.querySelectorAll('#moves tbody tr')).map(r=>parseFloat(r.cells[8].getAttribute('data-sort')))";
  await evaluate("document.querySelectorAll('#moves thead th')[8].click()");
  const up = await evaluate(kmCol);
  if (!up.every((v, i) => i === 0 || up[i - 1] <= v)) fail(`not ascending after one click: ${up}`);
  await evaluate("document.querySelectorAll('#moves thead th')[8].click()");
  const down = await evaluate(kmCol);
  if (!down.every((v, i) => i === 0 || down[i - 1] >= v)) fail(`not descending after two clicks: ${down}`);
  const sortAttr = await evaluate("document.querySelectorAll('#moves thead th')[8].getAttribute('aria-sort')");
  if (sortAttr !== 'descending') fail(`aria-sort ${sortAttr}`);
  // Names from the data are text, never markup.
  const injected = await evaluate("document.querySelectorAll('tbody script, svg script').length");
  if (injected !== 0) fail(`${injected} script elements inside the data`);
  if (problems.length) fail(`page reported:\n  ${problems.join('\n  ')}`);
  if (!failed) console.log(`ok: ${report}: no errors, ${arrows} moves drawn, ${rows} rows, sorting works`);
  ws.close();
}

main().catch((e) => fail(String(e && e.stack || e))).finally(finish);
