import { useState } from "preact/hooks";
import { problemText } from "../errors";
import { t } from "../i18n";
import { navigate } from "../router";
import { signIn } from "../session";

export function LoginScreen(props: { signup: boolean }) {
  const [identifier, setIdentifier] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await signIn(identifier, password, props.signup);
      navigate("tickets");
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="screen narrow">
      <h1>{props.signup ? t("signup") : t("login")}</h1>
      <form onSubmit={submit} class="stack">
        <label>
          {t("email_or_phone")}
          <input
            data-testid="login-email"
            name="username"
            autocomplete="username"
            inputMode="email"
            required
            value={identifier}
            onInput={(e) => setIdentifier((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t("password")}
          <input
            data-testid="login-password"
            type="password"
            name="password"
            autocomplete={props.signup ? "new-password" : "current-password"}
            minLength={props.signup ? 8 : undefined}
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button data-testid="login-submit" class="primary" type="submit" disabled={busy}>
          {props.signup ? t("signup") : t("login")}
        </button>
      </form>
      <p>
        <a
          href={props.signup ? "/app/login" : "/app/signup"}
          data-testid="auth-switch"
          onClick={(e) => {
            e.preventDefault();
            navigate(props.signup ? "login" : "signup");
          }}
        >
          {props.signup ? t("have_account") : t("no_account")}
        </a>
      </p>
    </main>
  );
}
