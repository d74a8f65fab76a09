// How long the sign-in page takes to become usable on a slow link: headless Chromium with its
// network throttled to 10 Mbit/s down, 5 Mbit/s up and 40 ms latency, a fresh profile (nothing
// cached), five loads of /login; prints each time until the sign-in form is ready, the median, and the
// bytes transferred. The figures go in PERFORMANCE.md.
//
//   node e2e/measure/first-screen.mjs http://127.0.0.1:8080 [gzip]
//
// With `gzip`, the browser is made to ask for gzip only, as it does over plain HTTP on an intranet
// (Chromium asks for brotli only from secure origins, which 127.0.0.1 counts as).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://127.0.0.1:8080";
const gzipOnly = process.argv[3] === "gzip";
const RUNS = 5;
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

const times = [];
let transferred = 0;
for (let run = 0; run < RUNS; run += 1) {
  const profile = await mkdtemp(join(tmpdir(), "crm-first-screen-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    locale: "zh-CN",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (gzipOnly) await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": "gzip, deflate" } });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 40,
    downloadThroughput: (10 * 1024 * 1024) / 8,
    uploadThroughput: (5 * 1024 * 1024) / 8,
  });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (event) => {
    bytes += event.encodedDataLength;
  });
  const started = Date.now();
  await page.goto(`${base}/login`);
  await page.getByRole("button", { name: "登录" }).waitFor();
  times.push(Date.now() - started);
  transferred = bytes;
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
console.log(`${gzipOnly ? "gzip" : "brotli"}: sign-in page ready on 10 Mbit/s, 40 ms: ${times.join(", ")} ms; median ${times[Math.floor(RUNS / 2)]} ms`);
console.log(`transferred: ${(transferred / 1024).toFixed(0)} KiB`);
