/// <reference lib="webworker" />
// The service worker: the app shell (every built file) is cached at install, so the app opens
// with no network; screens (/app/...) fall back to the cached index.html. API answers are not
// cached here: the rider's tickets live in IndexedDB, written by the app.
declare const __SHELL__: string[];
declare const __VERSION__: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `vexe-app-${__VERSION__}`;
const INDEX = "/app/";

sw.addEventListener("install", (event: ExtendableEvent) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(__SHELL__))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (event: ExtendableEvent) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("vexe-app-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener("fetch", (event: FetchEvent) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== sw.location.origin || !url.pathname.startsWith("/app/")) return;
  if (url.pathname.startsWith("/app/session") || url.pathname === "/app/config.json") return;
  if (request.mode === "navigate") {
    // Network first (a new release shows at once), the cached shell when there is no network.
    event.respondWith(
      fetch(request).catch(() => caches.open(CACHE).then((c) => c.match(INDEX)).then((r) => r ?? Response.error())),
    );
    return;
  }
  event.respondWith(caches.open(CACHE).then((c) => c.match(request)).then((hit) => hit ?? fetch(request)));
});
