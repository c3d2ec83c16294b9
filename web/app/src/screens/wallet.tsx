import { useEffect, useState } from "preact/hooks";
import * as api from "../api";
import { problemText } from "../errors";
import { localTime, money } from "../format";
import { lang, t } from "../i18n";
import { deviceKeyId } from "../phone";
import { rider, syncTickets } from "../session";
import { useSignal } from "../state";
import { RotatingQr } from "./tickets";

export function WalletScreen() {
  const who = useSignal(rider);
  const language = useSignal(lang);
  const [wallet, setWallet] = useState<api.Wallet | null>(null);
  const [amount, setAmount] = useState(50000);
  const [topup, setTopup] = useState<api.Topup | null>(null);
  const [attemptKey, setAttemptKey] = useState(() => crypto.randomUUID());
  const [account, setAccount] = useState<api.AccountTicket | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => api.wallet().then(setWallet, (e) => setError(problemText(e)));
  useEffect(() => {
    void load();
  }, [language]);

  async function act(action: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await action();
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  }

  const startTopup = () =>
    act(async () => {
      const started = await api.createTopup(attemptKey, amount);
      if (started.payment.provider === "stripe") location.assign(`/app/pay/topup/${encodeURIComponent(started.id)}`);
      else setTopup(started);
    });
  const confirmTopup = () =>
    act(async () => {
      if (!topup) return;
      const done = await api.sandboxConfirmTopup(topup.id);
      setTopup(null);
      setAttemptKey(crypto.randomUUID());
      if (done.status === "credited") setMessage(t("topped_up"));
      await load();
    });
  const getAccountTicket = () =>
    act(async () => {
      if (!who) return;
      setAccount(await api.accountTicket(await deviceKeyId(who.riderId)));
      await syncTickets();
    });

  return (
    <main class="screen">
      <h1>{t("nav_wallet")}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {message && <p class="notice" role="status">{message}</p>}
      <section class="card">
        <h2>{t("wallet_balance")}</h2>
        <p class="big" data-testid="wallet-balance">
          {wallet ? money(wallet.balanceMinor, wallet.currency) : "…"}
        </p>
        {wallet && wallet.owedMinor > 0 && (
          <p class="error" data-testid="wallet-owed">
            {t("owed")}: {money(wallet.owedMinor, wallet.currency)}
          </p>
        )}
      </section>
      <section class="card stack">
        <h2>{t("topup")}</h2>
        {!topup ? (
          <>
            <label>
              {t("amount")}
              <input
                type="number"
                min={10000}
                step={10000}
                value={amount}
                data-testid="topup-amount"
                onInput={(e) => setAmount(Number((e.target as HTMLInputElement).value) || 0)}
              />
            </label>
            <button class="primary" data-testid="topup-start" disabled={busy} onClick={startTopup}>
              {t("topup")} {money(amount)}
            </button>
          </>
        ) : topup.payment.provider === "sandbox" ? (
          <>
            <p>{t("sandbox_sheet")}: {money(topup.amountMinor)}</p>
            <button class="primary" data-testid="topup-confirm" disabled={busy} onClick={confirmTopup}>
              {t("sandbox_pay")}
            </button>
          </>
        ) : (
          <p>{t("stripe_loading")}</p>
        )}
      </section>
      <section class="card stack">
        <h2>{t("account_ticket")}</h2>
        {account ? (
          <div class="qr-frame">
            <RotatingQr code={account.code} label={t("account_ticket")} />
            <small>
              {t("valid_until")} {localTime(account.validUntil)}
            </small>
          </div>
        ) : (
          <button data-testid="account-ticket" disabled={busy} onClick={getAccountTicket}>
            {t("get_account_ticket")}
          </button>
        )}
      </section>
      {wallet && wallet.charges.length > 0 && (
        <section class="card">
          <h2>{t("recent_charges")}</h2>
          <ul class="plain">
            {wallet.charges.map((c) => (
              <li key={c.id}>
                {localTime(c.travelledAt)} — {money(c.chargedMinor, c.currency)}
                {c.status === "owed" ? ` (${t("charge_owed")})` : ""}
                {c.incomplete ? ` (${t("incomplete")})` : ""}
                <small>{c.explanation.join(" ")}</small>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
