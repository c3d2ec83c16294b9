// The network data (categories, app medium, routes, stops), fetched once per visit.
import * as api from "./api";

let cached: Promise<api.Network> | null = null;

export function networkData(): Promise<api.Network> {
  cached ??= api.network().catch((error) => {
    cached = null;
    throw error;
  });
  return cached;
}

export type NetworkTab = "all" | "bus" | "m2a" | "m3" | "multi";
export const TABS: NetworkTab[] = ["all", "bus", "m2a", "m3", "multi"];

/** Which tab a product belongs to: by the operators it is valid on, then its line. */
export function tabOf(product: api.Product): NetworkTab {
  const operators = new Set(product.operators);
  if (operators.size > 1 || product.id.startsWith("multimodal")) return "multi";
  if (product.id.startsWith("m2a")) return "m2a";
  if (product.id.startsWith("m3")) return "m3";
  return "bus";
}
