import { useEffect, useState } from "preact/hooks";
import * as api from "../api";
import { problemText } from "../errors";
import { money, localTime } from "../format";
import { lang, t, type TextKey } from "../i18n";
import { hasDeviceKey, presentation, stepAt } from "../phone";
import { productName, productNames } from "../names";
import { QrCode } from "../qr";
import { navigate } from "../router";
import { online, rider, syncTickets, tickets, updateTicket } from "../session";
import { useSignal } from "../state";

function statusText(status: string): string {
  const key = `status_${status}` as TextKey;
  try {
    return t(key) ?? status;
  } catch {
    return status;
  }
}

export function TicketsScreen() {
  const list = useSignal(tickets);
  useSignal(productNames);
  useSignal(lang);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    syncTickets().catch((e) => setError(problemText(e)));
  }, []);
  return (
    <main class="screen">
      <h1>{t("nav_tickets")}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {list.length === 0 ? (
        <p data-testid="ticket-list" class="empty">
          {t("no_tickets")}
        </p>
      ) : (
        <ul data-testid="ticket-list" class="cards">
          {list.map((ticket) => (
            <li key={ticket.id}>
              <a
                data-testid="ticket-item"
                class={`card ticket status-${ticket.status}`}
                href={`/app/tickets/${ticket.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`tickets/${ticket.id}`);
                }}
              >
                <strong>{productName(ticket.productId)}</strong>
                <span class="badge">{statusText(ticket.status)}</span>
                <small>
                  {t("valid_from")} {localTime(ticket.validFrom)} {t("valid_until")} {localTime(ticket.validUntil)}
                </small>
                {ticket.deviceBound && <small>{t("phone_bound")}</small>}
              </a>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

/** A phone-bound code, re-signed each 30-s step from the phone's clock (works offline). */
export function RotatingQr(props: { code: string; label: string }) {
  const [shown, setShown] = useState<{ payload: string; step: number } | null>(null);
  useEffect(() => {
    let step = -1;
    let alive = true;
    const tick = () => {
      const now = stepAt(Date.now());
      if (now === step) return;
      step = now;
      presentation(props.code, now).then((payload) => {
        if (alive && step === now) setShown({ payload, step: now });
      });
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [props.code]);
  return shown ? (
    <QrCode payload={shown.payload} label={props.label} testId="ticket-qr" step={shown.step} />
  ) : (
    <p>{t("loading")}</p>
  );
}

export function TicketScreen(props: { ticketId: string }) {
  const list = useSignal(tickets);
  useSignal(productNames);
  useSignal(lang);
  const who = useSignal(rider);
  const isOnline = useSignal(online);
  const ticket = list.find((x) => x.id === props.ticketId);
  const [keyHere, setKeyHere] = useState<boolean | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [full, setFull] = useState(false);

  useEffect(() => {
    if (who) hasDeviceKey(who.riderId).then(setKeyHere, () => setKeyHere(false));
  }, [who?.riderId]);

  if (!ticket) return <main class="screen"><p>{t("loading")}</p></main>;

  async function act(action: () => Promise<void>) {
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

  const label = `${t("show_code")}: ${productName(ticket.productId)}`;
  const canActivate = ticket.kind === "pass" && ticket.status === "issued";
  // The server applies the refund policy; the button shows where it can apply (unused, paid).
  const canRefund = (ticket.status === "issued" || ticket.status === "active") && !ticket.firstUsedAt && ticket.amountMinor > 0;
  return (
    <main class="screen ticket-detail">
      <button class="link" onClick={() => navigate("tickets")}>
        ← {t("back")}
      </button>
      <h1>{productName(ticket.productId)}</h1>
      <p>
        <span class="badge">{statusText(ticket.status)}</span> {money(ticket.amountMinor, ticket.currency)}
      </p>
      <p>
        {t("valid_from")} {localTime(ticket.validFrom)} {t("valid_until")} {localTime(ticket.validUntil)}
      </p>
      <div
        class={full ? "qr-frame full" : "qr-frame"}
        data-testid="qr-frame"
        onClick={() => setFull(!full)}
        role="button"
        tabIndex={0}
        aria-pressed={full}
        aria-label={t(full ? "qr_close" : "qr_full")}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === " " || (e.key === "Escape" && full)) {
            e.preventDefault();
            setFull(e.key === "Escape" ? false : !full);
          }
        }}
      >
        {ticket.deviceBound ? (
          keyHere === true ? (
            <RotatingQr code={ticket.code} label={label} />
          ) : keyHere === false ? (
            <p class="error">{t("key_elsewhere")}</p>
          ) : (
            <p>{t("loading")}</p>
          )
        ) : (
          <QrCode payload={ticket.code} label={label} testId="ticket-qr" />
        )}
      </div>
      <p class="hint">{t("brightness_hint")}</p>
      {ticket.deviceBound && <p class="hint">{t("phone_bound")}</p>}
      {message && <p class="notice" role="status">{message}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {isOnline && (
        <div class="actions">
          {canActivate && (
            <button
              data-testid="ticket-activate"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  updateTicket(await api.activatePass(ticket.id));
                  setMessage(t("activated"));
                })
              }
            >
              {t("activate")}
            </button>
          )}
          {canRefund && (
            <button
              data-testid="ticket-refund"
              class="danger"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  if (!window.confirm(t("refund_confirm"))) return;
                  await api.requestRefund(ticket.id);
                  await syncTickets();
                  setMessage(t("refunded"));
                })
              }
            >
              {t("refund")}
            </button>
          )}
        </div>
      )}
    </main>
  );
}
