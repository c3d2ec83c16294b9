import { useEffect, useState } from "preact/hooks";
import * as api from "../api";
import { networkData } from "../catalog";
import { problemText } from "../errors";
import { money, networkInputValue, networkIso } from "../format";
import { t } from "../i18n";

export function QuoteScreen() {
  const [net, setNet] = useState<api.Network | null>(null);
  const [routeId, setRouteId] = useState("");
  const [fromId, setFromId] = useState("");
  const [toId, setToId] = useState("");
  const [when, setWhen] = useState(() => networkInputValue(new Date()));
  const [result, setResult] = useState<api.Quote | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    networkData().then((n) => {
      setNet(n);
      setRouteId(n.routes[0]?.id ?? "");
    }, (e) => setError(problemText(e)));
  }, []);
  const route = net?.routes.find((r) => r.id === routeId);
  // Metro lines run between stations; buses between street stops.
  const stops = (net?.stops ?? []).filter((s) => (route ? s.station === route.metro : true));
  useEffect(() => {
    setFromId(stops[0]?.id ?? "");
    setToId(stops[stops.length - 1]?.id ?? "");
  }, [routeId, net]);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setResult(null);
    try {
      setResult(await api.quote({ routeId, fromStopId: fromId, toStopId: toId, departureIso: networkIso(when) }, null));
    } catch (e) {
      setError(problemText(e));
    }
  }

  const select = (value: string, set: (v: string) => void, testId: string, options: { id: string; name: string }[]) => (
    <select value={value} data-testid={testId} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );

  return (
    <main class="screen">
      <h1>{t("quote")}</h1>
      <form class="stack" onSubmit={submit}>
        <label>
          {t("route")}
          {select(routeId, setRouteId, "quote-route", (net?.routes ?? []).map((r) => ({ id: r.id, name: `${r.shortName} · ${r.longName}` })))}
        </label>
        <label>
          {t("from_stop")}
          {select(fromId, setFromId, "quote-from", stops)}
        </label>
        <label>
          {t("to_stop")}
          {select(toId, setToId, "quote-to", stops)}
        </label>
        <label>
          {t("depart_at")}
          <input type="datetime-local" value={when} onInput={(e) => setWhen((e.target as HTMLInputElement).value)} />
        </label>
        <button class="primary" type="submit" data-testid="quote-submit">
          {t("get_quote")}
        </button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {result && (
        <section class="card" data-testid="quote-result">
          <h2>
            {t("quote_total")}: {result.totalMinor === null ? "—" : money(result.totalMinor, result.currency ?? "VND")}
          </h2>
          <ul class="plain">
            {result.explanation.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
