// Screens are paths under /app/ (the server answers index.html for each; the app routes here).
import { signal } from "./state";

export const BASE = "/app/";

function current(): string {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : "";
  return path.replace(/\/+$/, "");
}

export const route = signal<string>(current());

export function navigate(path: string): void {
  const target = BASE + path;
  if (location.pathname !== target) history.pushState(null, "", target);
  route.set(current());
  window.scrollTo(0, 0);
}

window.addEventListener("popstate", () => route.set(current()));
