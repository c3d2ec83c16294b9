import { useEffect, useState } from "preact/hooks";
import * as api from "../api";
import { networkData, TABS, tabOf, type NetworkTab } from "../catalog";
import { problemText } from "../errors";
import { money } from "../format";
import { t, lang, type TextKey } from "../i18n";
import { deviceKeyId } from "../phone";
import { navigate } from "../router";
import { rider, syncTickets } from "../session";
import { useSignal } from "../state";

function newAttemptKey(): string {
  return crypto.randomUUID();
}

export function ShopScreen() {
  const language = useSignal(lang);
  const [net, setNet] = useState<api.Network | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [items, setItems] = useState<api.Product[] | null>(null);
  const [tab, setTab] = useState<NetworkTab>("all");
  const [chosen, setChosen] = useState<api.Product | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    networkData().then(
      (n) => {
        setNet(n);
        setCategory((c) => c ?? (n.categories.find((x) => x.isDefault) ?? n.categories[0])?.id ?? null);
      },
      (e) => setError(problemText(e)),
    );
  }, []);
  useEffect(() => {
    if (!net || !category) return;
    setItems(null);
    api.products(category, net.appMedia).then(setItems, (e) => setError(problemText(e)));
  }, [net, category, language]);

  const shown = (items ?? []).filter((p) => tab === "all" || tabOf(p) === tab);
  return (
    <main class="screen">
      <h1>{t("nav_shop")}</h1>
      <p>
        <a href="/app/quote" data-testid="open-quote" onClick={(e) => { e.preventDefault(); navigate("quote"); }}>
          {t("quote")} →
        </a>
      </p>
      {error && <p class="error" role="alert">{error}</p>}
      {net && (
        <label>
          {t("category")}
          <select
            data-testid="category-select"
            value={category ?? ""}
            onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}
          >
            {net.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div class="tabs" role="tablist">
        {TABS.map((x) => (
          <button
            key={x}
            role="tab"
            aria-selected={tab === x}
            data-testid={`tab-${x}`}
            class={tab === x ? "tab on" : "tab"}
            onClick={() => setTab(x)}
          >
            {t(`network_${x}` as TextKey)}
          </button>
        ))}
      </div>
      {items === null ? (
        <p>{t("loading")}</p>
      ) : (
        <ul class="cards" data-testid="product-list">
          {shown.map((p) => (
            <li key={`${p.id}:${p.category}:${p.media}`} class="card product" data-testid="product-item" data-product-id={p.id}>
              <strong>{p.name}</strong>
              <span class="price">{money(p.amountMinor, p.currency)}</span>
              <small>
                {p.kind === "pass" ? t("pass") : t("single")}
                {p.durationDays ? ` · ${p.durationDays} ${t("days")}` : ""}
                {p.requiresConcession && !p.purchasable ? ` · ${t("concession_needed")}` : ""}
              </small>
              <button
                class="primary small"
                data-testid="product-buy"
                disabled={!p.purchasable}
                onClick={() => setChosen(p)}
              >
                {t("buy")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen && net && (
        <Checkout product={chosen} media={chosen.media ?? net.appMedia ?? ""} onClose={() => setChosen(null)} />
      )}
    </main>
  );
}

function Checkout(props: { product: api.Product; media: string; onClose: () => void }) {
  const who = useSignal(rider);
  const [quantity, setQuantity] = useState(1);
  const [bind, setBind] = useState(false);
  const [attemptKey, setAttemptKey] = useState(newAttemptKey);
  const [order, setOrder] = useState<api.Order | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function finish(paid: api.Order) {
    await syncTickets();
    navigate(paid.ticketIds.length ? `tickets/${paid.ticketIds[0]}` : "tickets");
  }

  async function pay() {
    if (busy || !who) return;
    setBusy(true);
    setError(null);
    try {
      const keyId = bind ? await deviceKeyId(who.riderId) : null;
      const created = await api.createOrder(attemptKey, {
        productId: props.product.id,
        category: props.product.category,
        media: props.media,
        quantity,
        deviceKeyId: keyId,
      });
      setOrder(created);
      if (created.status === "paid") await finish(created);
      else if (created.payment.provider === "stripe") location.assign(`/app/pay/${encodeURIComponent(created.id)}`);
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  }

  async function sandbox(decline: boolean) {
    if (!order || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.sandboxConfirmOrder(order.id, decline);
      setOrder(result);
      if (result.status === "paid") await finish(result);
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  }

  function retry() {
    setOrder(null);
    setAttemptKey(newAttemptKey());
    setError(null);
  }

  const failed = order && (order.status === "failed" || order.status === "expired");
  return (
    <section class="sheet" aria-labelledby="checkout-title" data-testid="checkout">
      <h2 id="checkout-title">{props.product.name}</h2>
      {!order && (
        <div class="stack">
          <label>
            {t("quantity")}
            <input
              type="number"
              min={1}
              max={10}
              value={quantity}
              data-testid="checkout-quantity"
              onInput={(e) => setQuantity(Math.max(1, Math.min(10, Number((e.target as HTMLInputElement).value) || 1)))}
            />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={bind}
              data-testid="checkout-bind"
              onChange={(e) => setBind((e.target as HTMLInputElement).checked)}
            />
            {t("bind_phone")}
          </label>
          <p>
            {t("total")}: <strong>{money(props.product.amountMinor * quantity, props.product.currency)}</strong>
          </p>
          <button class="primary" data-testid="checkout-pay" disabled={busy} onClick={pay}>
            {busy ? t("paying") : t("pay")}
          </button>
          <button class="link" onClick={props.onClose}>
            {t("back")}
          </button>
        </div>
      )}
      {order && order.status === "pending_payment" && order.payment.provider === "sandbox" && (
        <div class="stack sandbox">
          <p>{t("sandbox_sheet")}: {money(order.totalMinor, order.currency)}</p>
          <button class="primary" data-testid="sandbox-pay" disabled={busy} onClick={() => sandbox(false)}>
            {t("sandbox_pay")}
          </button>
          <button data-testid="sandbox-decline" disabled={busy} onClick={() => sandbox(true)}>
            {t("sandbox_decline")}
          </button>
        </div>
      )}
      {order && order.status === "pending_payment" && order.payment.provider === "stripe" && <p>{t("stripe_loading")}</p>}
      {failed && (
        <div class="stack">
          <p class="error" role="alert" data-testid="payment-error">
            <strong>{t("payment_failed")}.</strong> {order.failure?.message ?? ""}
          </p>
          <button class="primary" data-testid="payment-retry" onClick={retry}>
            {t("try_again")}
          </button>
        </div>
      )}
      {error && <p class="error" role="alert" data-testid="checkout-error">{error}</p>}
    </section>
  );
}
