// The quote view page's script (plain JS, served from /q/assets/ like pdf.js itself): draws the
// archived PDF's pages with pdf.js, and tells the server which page the customer has in view while
// the tab is visible. The server clocks the dwell from these beats; nothing is sent while hidden.

const config = JSON.parse(document.getElementById("quote-view-config").textContent);
const pagesEl = document.getElementById("pages");
const statusEl = document.getElementById("pages-status");

/** A beat every 15 s of visible tab; no interaction for 5 minutes ends the stretch (a tab left open is not reading). */
const BEAT_MS = 15_000;
const IDLE_MS = 5 * 60_000;
/** Rendered pages are drawn this far ahead of the viewport, so scrolling finds them ready. */
const RENDER_AHEAD = "150% 0px";

let pageCount = 0;
let current = 1;
const visibleHeight = new Map();
let timer = null;
let attending = false;
let lastInput = Date.now();

/** Resolves to the page count once every page has its place (pages themselves draw as they come near). */
export const ready = load().catch((error) => {
  statusEl.textContent = config.texts.failed;
  statusEl.hidden = false;
  throw error;
});

async function load() {
  // The config's URLs are relative to the page; import() would resolve them against this script.
  const pdfjs = await import(new URL(config.pdfjs, document.baseURI).href);
  pdfjs.GlobalWorkerOptions.workerSrc = new URL(config.worker, document.baseURI).href;
  // The PDF embeds its subset font (Identity-H): no CMaps, standard fonts or wasm to fetch.
  // One plain fetch of the whole file (a few hundred KB at most; the server does no ranges).
  const res = await fetch(config.pdf);
  if (!res.ok) throw new Error(`PDF: HTTP ${res.status}`);
  const data = new Uint8Array(await res.arrayBuffer());
  const doc = await pdfjs.getDocument({ data, useSystemFonts: false, useWasm: false }).promise;
  pageCount = doc.numPages;
  const pages = await Promise.all(Array.from({ length: pageCount }, (_, i) => doc.getPage(i + 1)));
  const drawer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        drawer.unobserve(e.target);
        draw(pages[Number(e.target.dataset.page) - 1], e.target);
      }
    },
    { rootMargin: RENDER_AHEAD },
  );
  const watcher = new IntersectionObserver(seen, { threshold: [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1] });
  for (const page of pages) {
    const { width, height } = page.getViewport({ scale: 1 });
    const box = document.createElement("div");
    box.className = "page";
    box.dataset.page = String(page.pageNumber);
    box.style.aspectRatio = `${width} / ${height}`;
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", config.texts.page.replace("{n}", page.pageNumber).replace("{total}", pageCount));
    pagesEl.append(box);
    drawer.observe(box);
    watcher.observe(box);
  }
  statusEl.hidden = true;
  if (document.visibilityState === "visible") startAttending();
  return pageCount;
}

/** One page onto a canvas as wide as its box in device pixels (at most 2×: sharp, yet light on phones). */
async function draw(page, box) {
  const unscaled = page.getViewport({ scale: 1 });
  const ratio = Math.min(window.devicePixelRatio || 1, 2);
  const viewport = page.getViewport({ scale: (box.clientWidth * ratio) / unscaled.width });
  const canvas = document.createElement("canvas");
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  await page.render({ canvas, viewport }).promise;
  box.append(canvas);
  box.dataset.rendered = "true";
}

/** The page most in view: the one showing the most of itself on screen. */
function seen(entries) {
  for (const e of entries) visibleHeight.set(Number(e.target.dataset.page), e.isIntersecting ? e.intersectionRect.height : 0);
  let best = current;
  let most = -1;
  for (const [page, h] of visibleHeight) {
    if (h > most) [best, most] = [page, h];
  }
  current = best;
}

/** The page the next beat reports. */
export const inView = () => current;

const beatBody = (final) => JSON.stringify({ visitToken: config.visit, page: current, pageCount, final });

/** Tells the server the customer is reading `current` now; resolves to whether it was recorded. */
export async function beat() {
  if (!pageCount || document.visibilityState !== "visible") return false;
  try {
    const res = await fetch(config.events, { method: "POST", headers: { "content-type": "application/json" }, body: beatBody(false), keepalive: true });
    return res.ok;
  } catch {
    return false;
  }
}

/** The end of a stretch of attention (tab hidden, page closing, idle): one last beat that survives unloading. */
function stopAttending() {
  clearInterval(timer);
  timer = null;
  if (!attending) return;
  attending = false;
  navigator.sendBeacon(config.events, beatBody(true));
}

function startAttending() {
  if (attending || !pageCount) return;
  attending = true;
  void beat();
  timer = setInterval(() => {
    if (Date.now() - lastInput > IDLE_MS) stopAttending();
    else void beat();
  }, BEAT_MS);
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") {
    lastInput = Date.now();
    startAttending();
  } else stopAttending();
});
window.addEventListener("pagehide", stopAttending);
for (const type of ["scroll", "pointerdown", "keydown", "touchstart", "wheel"]) {
  window.addEventListener(
    type,
    () => {
      lastInput = Date.now();
      if (document.visibilityState === "visible") startAttending();
    },
    { passive: true },
  );
}
