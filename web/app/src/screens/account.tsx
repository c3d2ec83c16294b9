import { useEffect, useState } from "preact/hooks";
import * as api from "../api";
import { networkData } from "../catalog";
import { problemText } from "../errors";
import { t, type TextKey } from "../i18n";
import { navigate } from "../router";
import { rider, signOut } from "../session";
import { useSignal } from "../state";

export function AccountScreen() {
  const who = useSignal(rider);
  const [categories, setCategories] = useState<api.Category[]>([]);
  const [list, setList] = useState<api.Concession[] | null>(null);
  const [category, setCategory] = useState("");
  const [proof, setProof] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => api.concessions().then(setList, (e) => setError(problemText(e)));
  useEffect(() => {
    networkData().then((n) => {
      const concessionary = n.categories.filter((c) => !c.isDefault);
      setCategories(concessionary);
      setCategory(concessionary[0]?.id ?? "");
    }, (e) => setError(problemText(e)));
    void load();
  }, []);

  async function apply(event: Event) {
    event.preventDefault();
    setError(null);
    setMessage(null);
    try {
      await api.applyConcession(category, proof);
      setProof("");
      setMessage(t("concession_sent"));
      await load();
    } catch (e) {
      setError(problemText(e));
    }
  }

  const nameOf = (id: string) => categories.find((c) => c.id === id)?.name ?? id;
  return (
    <main class="screen">
      <h1>{t("nav_account")}</h1>
      <p>
        {t("signed_in_as")} <strong>{who?.label}</strong>
      </p>
      <p>
        <a href="/app/quote" onClick={(e) => { e.preventDefault(); navigate("quote"); }}>
          {t("quote")} →
        </a>
      </p>
      <section class="card stack">
        <h2>{t("concessions")}</h2>
        {list && list.length > 0 && (
          <ul class="plain" data-testid="concession-list">
            {list.map((c) => (
              <li key={c.id}>
                {nameOf(c.category)} — <span class="badge">{t(`c_${c.status}` as TextKey) ?? c.status}</span>
              </li>
            ))}
          </ul>
        )}
        <form class="stack" onSubmit={apply}>
          <label>
            {t("category")}
            <select value={category} data-testid="concession-category" onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("proof_reference")}
            <input required maxLength={500} value={proof} data-testid="concession-proof" onInput={(e) => setProof((e.target as HTMLInputElement).value)} />
          </label>
          <button class="primary" type="submit" data-testid="concession-submit">
            {t("apply_concession")}
          </button>
        </form>
        {message && <p class="notice" role="status">{message}</p>}
        {error && <p class="error" role="alert">{error}</p>}
      </section>
      <button
        data-testid="logout"
        onClick={async () => {
          await signOut().catch(() => undefined);
          navigate("login");
        }}
      >
        {t("logout")}
      </button>
    </main>
  );
}
