import { useEffect, useState } from "preact/hooks";
import * as api from "../api";
import { networkData } from "../catalog";
import { problemText } from "../errors";
import { localTime, money } from "../format";
import { lang, t } from "../i18n";
import { useSignal } from "../state";

export function TripsScreen() {
  const language = useSignal(lang);
  const [trips, setTrips] = useState<api.Trip[] | null>(null);
  const [caps, setCaps] = useState<api.CapProgress[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stopNames, setStopNames] = useState<Record<string, string>>({});
  useEffect(() => {
    networkData().then((n) => setStopNames(Object.fromEntries(n.stops.map((s) => [s.id, s.name]))), () => undefined);
  }, []);
  const stop = (id: string | null) => (id ? stopNames[id] ?? id : "?");
  useEffect(() => {
    api.trips().then(setTrips, (e) => setError(problemText(e)));
    api.caps().then(setCaps, (e) => setError(problemText(e)));
  }, [language]);
  return (
    <main class="screen">
      <h1>{t("trips")}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      <section class="card" data-testid="caps">
        <h2>{t("caps")}</h2>
        {caps === null ? (
          <p>{t("loading")}</p>
        ) : caps.length === 0 ? (
          <p>{t("no_caps")}</p>
        ) : (
          <ul class="plain">
            {caps.map((c) => (
              <li key={c.id} data-testid="cap-item">
                <strong>{c.name}</strong>
                <progress max={c.amountMinor} value={c.chargedMinor} aria-label={c.name} />
                <small>{c.message}</small>
              </li>
            ))}
          </ul>
        )}
      </section>
      {trips === null ? (
        <p>{t("loading")}</p>
      ) : trips.length === 0 ? (
        <p data-testid="trip-list">{t("no_trips")}</p>
      ) : (
        <ul class="cards" data-testid="trip-list">
          {trips.map((trip) => (
            <li key={trip.id} class="card" data-testid="trip-item">
              <strong>
                {trip.mode === "metro" ? "Metro" : t("network_bus")}: {stop(trip.from)} → {stop(trip.to)}
              </strong>
              <span class="price">{money(trip.chargedMinor, trip.currency)}</span>
              <small>
                {localTime(trip.startedAt)}
                {trip.complete ? "" : ` · ${t("incomplete")}`}
              </small>
              <small>{trip.explanation.join(" ")}</small>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
