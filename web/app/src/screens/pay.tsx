// The payment step with Stripe: the only page that loads an outside script (Stripe's Payment
// Element), and the only path whose Content-Security-Policy allows it (the server adds
// js.stripe.com to /app/pay/* when the provider is stripe). The sandbox never comes here.
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "../api";
import { problemText } from "../errors";
import { money } from "../format";
import { t } from "../i18n";

const STRIPE_JS = "https://js.stripe.com/v3/";

function loadStripe(): Promise<any> {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = STRIPE_JS;
    script.onload = () => resolve((window as any).Stripe);
    script.onerror = () => reject(new Error("stripe.js did not load"));
    document.head.appendChild(script);
  });
}

interface Payable {
  amountMinor: number;
  currency: string;
  clientSecret: string | null;
  returnTo: string;
}

/** What `pay/<order id>` or `pay/topup/<top-up id>` is paying for. */
async function payable(path: string): Promise<Payable> {
  if (path.startsWith("topup/")) {
    const id = path.slice("topup/".length);
    const wallet = await api.wallet();
    const found = wallet.topups.find((x) => x.id === id);
    if (!found) throw new api.ApiError(404, "not_found", t("error_generic"));
    return { amountMinor: found.amountMinor, currency: wallet.currency, clientSecret: found.payment.clientSecret, returnTo: "wallet" };
  }
  const order = await api.getOrder(path);
  return { amountMinor: order.totalMinor, currency: order.currency, clientSecret: order.payment.clientSecret, returnTo: "tickets" };
}

export function PayScreen(props: { target: string }) {
  const mount = useRef<HTMLDivElement>(null);
  const [order, setOrder] = useState<Payable | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<(() => Promise<void>) | null>(null);

  useEffect(() => {
    (async () => {
      const [config, found] = await Promise.all([api.appConfig(), payable(props.target)]);
      setOrder(found);
      if (config.paymentsProvider !== "stripe" || !config.stripePublishableKey || !found.clientSecret) return;
      const Stripe = await loadStripe();
      const stripe = Stripe(config.stripePublishableKey);
      const elements = stripe.elements({ clientSecret: found.clientSecret, locale: document.documentElement.lang });
      elements.create("payment").mount(mount.current);
      setConfirm(() => async () => {
        const result = await stripe.confirmPayment({
          elements,
          confirmParams: { return_url: `${location.origin}/app/${found.returnTo}` },
        });
        if (result.error) setError(result.error.message ?? t("payment_failed"));
      });
    })().catch((e) => setError(problemText(e)));
  }, [props.target]);

  return (
    <main class="screen narrow">
      <h1>{t("pay")}</h1>
      {order && <p>{t("total")}: {money(order.amountMinor, order.currency)}</p>}
      <div ref={mount} class="stripe-element" />
      {confirm && (
        <button class="primary" onClick={() => void confirm()}>
          {t("pay")}
        </button>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </main>
  );
}
