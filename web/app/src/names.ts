// Ticket titles: the catalogue's product names (vi, en), kept on the phone for offline lists.
import * as api from "./api";
import { lang } from "./i18n";
import { signal } from "./state";
import { read, write } from "./store";

type Names = Record<string, { vi: string; en: string }>;

const PAYG = { vi: "Vé trả sau (trừ tiền ví)", en: "Pay-as-you-go ticket" };

export const productNames = signal<Names>({});

export async function loadNames(): Promise<void> {
  productNames.set((await read<Names>("product-names")) ?? {});
}

/** Fetch the catalogue's names when a ticket's product has none yet (once per new product). */
export async function learnNames(tickets: api.Ticket[]): Promise<void> {
  const known = productNames.get();
  if (tickets.every((t) => t.productId === "PAYG" || known[t.productId])) return;
  const next: Names = { ...known };
  for (const p of await api.products(null, null)) next[p.id] = p.names;
  productNames.set(next);
  await write("product-names", next);
}

export function productName(productId: string): string {
  const names = productId === "PAYG" ? PAYG : productNames.get()[productId];
  return names ? names[lang.get()] : productId;
}
