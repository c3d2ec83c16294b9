// The one module that knows the rider API: every path, header and JSON field name is here.
// Screens get plain typed objects; if the API renames a field, only this file changes.
import { lang } from "./i18n";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
  ) {
    super(title);
  }
  get offline(): boolean {
    return this.status === 0;
  }
}

export interface Session {
  riderId: string;
}

export interface Product {
  id: string;
  name: string;
  names: { vi: string; en: string };
  kind: "single" | "pass" | string;
  category: string;
  media: string | null;
  amountMinor: number;
  currency: string;
  amountDisplay: string;
  operators: string[];
  durationDays: number | null;
  requiresConcession: boolean;
  purchasable: boolean;
}

export interface Payment {
  provider: string | null;
  status: string;
  clientSecret: string | null;
  sandboxConfirmUrl: string | null;
}

export interface Order {
  id: string;
  status: "pending_payment" | "paid" | "failed" | "expired" | string;
  totalMinor: number;
  currency: string;
  payment: Payment;
  ticketIds: string[];
  failure: { code: string; message: string } | null;
}

export interface Ticket {
  id: string;
  code: string;
  status: string;
  kind: string;
  productId: string;
  category: string;
  amountMinor: number;
  currency: string;
  validFrom: string;
  validUntil: string;
  firstUsedAt: string | null;
  deviceBound: boolean;
}

export interface Topup {
  id: string;
  status: string;
  amountMinor: number;
  payment: Payment;
}

export interface Charge {
  id: string;
  chargedMinor: number;
  baseMinor: number;
  currency: string;
  travelledAt: string;
  status: string;
  incomplete: boolean;
  explanation: string[];
}

export interface Wallet {
  balanceMinor: number;
  currency: string;
  owedMinor: number;
  charges: Charge[];
  topups: Topup[];
}

export interface AccountTicket {
  ticketId: string;
  code: string;
  validUntil: string;
  status: string;
}

export interface Trip {
  id: string;
  mode: string;
  from: string | null;
  to: string | null;
  startedAt: string;
  complete: boolean;
  chargedMinor: number;
  currency: string;
  explanation: string[];
}

export interface CapProgress {
  id: string;
  name: string;
  amountMinor: number;
  chargedMinor: number;
  remainingMinor: number;
  message: string;
}

export interface Concession {
  id: string;
  category: string;
  status: string;
  proof: string;
}

export interface Route {
  id: string;
  operator: string;
  shortName: string;
  longName: string;
  metro: boolean;
}

export interface Stop {
  id: string;
  name: string;
  station: boolean;
}

export interface Quote {
  totalMinor: number | null;
  currency: string | null;
  explanation: string[];
}

type Json = Record<string, any>;

let accessToken: string | null = null;
let onSignedOut: () => void = () => {};

export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

async function send(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
  retry = true,
): Promise<any> {
  const headers: Record<string, string> = { "Accept-Language": lang.get(), ...extraHeaders };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  if (path.startsWith("/app/session")) headers["X-Vexe-App"] = "1";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "offline", "");
  }
  if (response.status === 401 && retry && accessToken && !path.startsWith("/app/session")) {
    if (await refreshSession()) return send(method, path, body, extraHeaders, false);
    onSignedOut();
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data: Json = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = {};
  }
  if (!response.ok) {
    throw new ApiError(response.status, String(data.code ?? "http_" + response.status), String(data.title ?? data.detail ?? ""));
  }
  return data;
}

// ---- session ---------------------------------------------------------------------------------

function loginBody(identifier: string, password: string): Json {
  const id = identifier.trim();
  return id.includes("@") ? { email: id, password } : { phone: id, password };
}

async function adoptTokens(tokens: Json): Promise<Session> {
  // The refresh token goes straight into the HttpOnly cookie (and is spent by that rotation).
  const session = await send("POST", "/app/session", { refresh_token: tokens.refresh_token });
  accessToken = session.access_token;
  return { riderId: session.rider_id };
}

export async function login(identifier: string, password: string): Promise<Session> {
  return adoptTokens(await send("POST", "/v1/auth/login", loginBody(identifier, password)));
}

export async function register(identifier: string, password: string): Promise<Session> {
  return adoptTokens(await send("POST", "/v1/auth/register", loginBody(identifier, password)));
}

/** A new access token from the session cookie; null when there is no session (or no network). */
export async function refreshSession(): Promise<Session | null> {
  try {
    const session = await send("POST", "/app/session/refresh", {});
    accessToken = session.access_token;
    return { riderId: session.rider_id };
  } catch (error) {
    if (error instanceof ApiError && error.offline) throw error;
    accessToken = null;
    return null;
  }
}

export async function logout(): Promise<void> {
  try {
    await send("DELETE", "/app/session");
  } finally {
    accessToken = null;
  }
}

export async function me(): Promise<{ label: string }> {
  const rider = await send("GET", "/v1/me");
  return { label: rider.email ?? rider.phone ?? rider.rider_id };
}

export interface AppConfig {
  paymentsProvider: string;
  stripePublishableKey: string | null;
}

export async function appConfig(): Promise<AppConfig> {
  const config = await send("GET", "/app/config.json");
  return { paymentsProvider: config.payments_provider, stripePublishableKey: config.stripe_publishable_key };
}

// ---- catalogue, quotes, concessions ------------------------------------------------------------

function product(j: Json): Product {
  return {
    id: j.fare_product_id,
    name: j.name,
    names: { vi: j.names?.vi ?? j.name, en: j.names?.en ?? j.name },
    kind: j.kind,
    category: j.rider_category_id,
    media: j.fare_media_id ?? null,
    amountMinor: j.amount_minor,
    currency: j.currency,
    amountDisplay: j.amount_display,
    operators: j.operator_ids ?? [],
    durationDays: j.validity?.duration_days ?? null,
    requiresConcession: Boolean(j.requires_concession),
    purchasable: j.purchasable !== false,
  };
}

async function allPages(path: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const sep = path.includes("?") ? "&" : "?";
    const data: Json = await send("GET", cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    items.push(...(data.items ?? []));
    cursor = data.next ?? null;
    if (!cursor) break;
  }
  return items;
}

export async function products(category: string | null, media: string | null): Promise<Product[]> {
  const query = new URLSearchParams({ limit: "100" });
  if (category) query.set("rider_category_id", category);
  if (media) query.set("fare_media_id", media);
  return (await allPages(`/v1/products?${query}`)).map(product);
}

export interface Category {
  id: string;
  name: string;
  isDefault: boolean;
}

export interface Network {
  categories: Category[];
  appMedia: string | null;
  routes: Route[];
  stops: Stop[];
}

const APP_MEDIA_TYPE = 4; // GTFS fare_media_type: a mobile app
const PREFERRED_APP_MEDIA = "hanoi_metro_app";

export async function network(): Promise<Network> {
  const data = await send("GET", "/v1/network");
  const media = (data.fare_media as Json[]).filter((m) => m.fare_media_type === APP_MEDIA_TYPE);
  const preferred = media.find((m) => m.fare_media_id === PREFERRED_APP_MEDIA) ?? media[0];
  return {
    categories: (data.rider_categories as Json[]).map((c) => ({
      id: c.rider_category_id,
      name: c.name,
      isDefault: Boolean(c.is_default),
    })),
    appMedia: preferred ? preferred.fare_media_id : null,
    routes: (data.routes as Json[]).map((r) => ({
      id: r.route_id,
      operator: r.agency_id,
      shortName: r.short_name,
      longName: r.long_name,
      metro: String(r.route_id).startsWith("METRO") || r.agency_id === "HANOI_METRO",
    })),
    stops: (data.stops as Json[]).map((s) => ({ id: s.stop_id, name: s.name, station: Boolean(s.station) })),
  };
}

export async function quote(
  leg: { routeId: string; fromStopId: string; toStopId: string; departureIso: string },
  category: string | null,
): Promise<Quote> {
  const body: Json = {
    legs: [
      {
        route_id: leg.routeId,
        from_stop_id: leg.fromStopId,
        to_stop_id: leg.toStopId,
        departure: leg.departureIso,
        arrival: leg.departureIso,
      },
    ],
  };
  if (category) body.rider_category_id = category;
  const q = await send("POST", "/v1/quotes?use_my_passes=" + (accessToken ? "true" : "false"), body);
  return {
    totalMinor: q.total_minor,
    currency: q.currency,
    explanation: lang.get() === "vi" ? q.explanation_vi ?? q.explanation : q.explanation,
  };
}

export async function concessions(): Promise<Concession[]> {
  return (await allPages("/v1/concessions")).map((c) => ({
    id: c.concession_id,
    category: c.rider_category_id,
    status: c.status,
    proof: c.proof_reference,
  }));
}

export async function applyConcession(category: string, proof: string): Promise<void> {
  await send("POST", "/v1/concessions", { rider_category_id: category, proof_reference: proof });
}

// ---- purchase ---------------------------------------------------------------------------------

function payment(j: Json): Payment {
  return {
    provider: j.provider ?? null,
    status: j.status,
    clientSecret: j.client_secret ?? null,
    sandboxConfirmUrl: j.sandbox_confirm_url ?? null,
  };
}

function order(j: Json): Order {
  const failure = j.failure
    ? { code: j.failure.code, message: lang.get() === "en" ? j.failure.message_en : j.failure.message_vi }
    : null;
  return {
    id: j.order_id,
    status: j.status,
    totalMinor: j.total_minor,
    currency: j.currency,
    payment: payment(j.payment),
    ticketIds: j.ticket_ids ?? [],
    failure,
  };
}

/** One purchase attempt: `attemptKey` is reused for every retry of this attempt (buys once). */
export async function createOrder(
  attemptKey: string,
  item: { productId: string; category: string; media: string; quantity: number; deviceKeyId: string | null },
): Promise<Order> {
  const line: Json = {
    fare_product_id: item.productId,
    rider_category_id: item.category,
    fare_media_id: item.media,
    quantity: item.quantity,
  };
  if (item.deviceKeyId) line.device_key_id = item.deviceKeyId;
  return order(await send("POST", "/v1/orders", { items: [line] }, { "Idempotency-Key": attemptKey }));
}

export async function getOrder(orderId: string): Promise<Order> {
  return order(await send("GET", `/v1/orders/${encodeURIComponent(orderId)}`));
}

export async function sandboxConfirmOrder(orderId: string, decline: boolean): Promise<Order> {
  const action = decline ? "sandbox-decline" : "sandbox-confirm";
  return order(await send("POST", `/v1/orders/${encodeURIComponent(orderId)}/${action}`));
}

// ---- tickets ----------------------------------------------------------------------------------

function ticket(j: Json): Ticket {
  return {
    id: j.ticket_id,
    code: j.code,
    status: j.status,
    kind: j.kind,
    productId: j.fare_product_id,
    category: j.rider_category_id,
    amountMinor: j.amount_minor,
    currency: j.currency,
    validFrom: j.valid_from,
    validUntil: j.valid_until,
    firstUsedAt: j.first_used_at ?? null,
    deviceBound: Boolean(j.device_bound),
  };
}

export async function tickets(): Promise<Ticket[]> {
  return (await allPages("/v1/tickets?limit=100")).map(ticket);
}

export async function activatePass(ticketId: string): Promise<Ticket> {
  return ticket(await send("POST", `/v1/tickets/${encodeURIComponent(ticketId)}/activate`));
}

export async function requestRefund(ticketId: string): Promise<void> {
  await send("POST", "/v1/refunds", { ticket_id: ticketId, reason: "rider request (app)" });
}

export async function registerDeviceKey(publicJwk: { kty: string; crv: string; x: string; y: string }): Promise<string> {
  const data = await send("POST", "/v1/device-keys", { public_jwk: publicJwk });
  return data.device_key_id;
}

// ---- wallet, trips, caps ------------------------------------------------------------------------

function charge(j: Json): Charge {
  return {
    id: j.charge_id,
    chargedMinor: j.charged_minor,
    baseMinor: j.base_minor,
    currency: j.currency,
    travelledAt: j.travelled_at,
    status: j.status,
    incomplete: Boolean(j.incomplete),
    explanation: j.explanation ?? [],
  };
}

export async function wallet(): Promise<Wallet> {
  const w = await send("GET", "/v1/wallet");
  return {
    balanceMinor: w.balance_minor,
    currency: w.currency,
    owedMinor: w.owed_minor ?? 0,
    charges: (w.recent_charges ?? []).map(charge),
    topups: (w.recent_topups ?? []).map(topup),
  };
}

function topup(j: Json): Topup {
  return { id: j.topup_id, status: j.status, amountMinor: j.amount_minor, payment: payment(j.payment) };
}

export async function createTopup(attemptKey: string, amountMinor: number): Promise<Topup> {
  return topup(await send("POST", "/v1/wallet/topups", { amount_minor: amountMinor }, { "Idempotency-Key": attemptKey }));
}

export async function sandboxConfirmTopup(topupId: string): Promise<Topup> {
  return topup(await send("POST", `/v1/wallet/topups/${encodeURIComponent(topupId)}/sandbox-confirm`));
}

export async function accountTicket(deviceKeyId: string): Promise<AccountTicket> {
  const a = await send("POST", "/v1/wallet/account-ticket", { device_key_id: deviceKeyId });
  return { ticketId: a.ticket_id, code: a.code, validUntil: a.valid_until, status: a.status };
}

export async function trips(): Promise<Trip[]> {
  const data = await send("GET", "/v1/trips?limit=50");
  return (data.items as Json[]).map((j) => ({
    id: j.trip_id,
    mode: j.mode,
    from: j.from_stop_id ?? null,
    to: j.to_stop_id ?? null,
    startedAt: j.started_at,
    complete: Boolean(j.complete),
    chargedMinor: j.charged_minor,
    currency: j.currency,
    explanation: j.explanation ?? [],
  }));
}

export async function caps(): Promise<CapProgress[]> {
  return (await allPages("/v1/caps")).map((c) => ({
    id: c.cap_id,
    name: c.name,
    amountMinor: c.amount_minor,
    chargedMinor: c.charged_minor,
    remainingMinor: c.remaining_minor,
    message: c.message,
  }));
}
