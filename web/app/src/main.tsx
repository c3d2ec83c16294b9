import { render } from "preact";
import "./styles.css";
import { lang, setLang, t, type TextKey } from "./i18n";
import { navigate, route } from "./router";
import { AccountScreen } from "./screens/account";
import { LoginScreen } from "./screens/login";
import { PayScreen } from "./screens/pay";
import { QuoteScreen } from "./screens/quote";
import { ShopScreen } from "./screens/shop";
import { TicketScreen, TicketsScreen } from "./screens/tickets";
import { TripsScreen } from "./screens/trips";
import { WalletScreen } from "./screens/wallet";
import { boot, online, ready, rider } from "./session";
import { useSignal } from "./state";

const NAV: { path: string; label: TextKey }[] = [
  { path: "tickets", label: "nav_tickets" },
  { path: "shop", label: "nav_shop" },
  { path: "wallet", label: "nav_wallet" },
  { path: "trips", label: "nav_trips" },
  { path: "account", label: "nav_account" },
];

function Screen(props: { path: string }) {
  const [head, ...rest] = props.path.split("/");
  const id = decodeURIComponent(rest.join("/"));
  switch (head) {
    case "shop":
      return <ShopScreen />;
    case "quote":
      return <QuoteScreen />;
    case "wallet":
      return <WalletScreen />;
    case "trips":
      return <TripsScreen />;
    case "account":
      return <AccountScreen />;
    case "pay":
      return <PayScreen target={id} />;
    case "tickets":
      return id ? <TicketScreen ticketId={id} /> : <TicketsScreen />;
    default:
      return <TicketsScreen />;
  }
}

function App() {
  const path = useSignal(route);
  const language = useSignal(lang);
  const who = useSignal(rider);
  const isOnline = useSignal(online);
  const isReady = useSignal(ready);
  const authPath = path === "login" || path === "signup";
  return (
    <div class="app" lang={language}>
      <header class="top">
        <span class="brand">{t("app_name")}</span>
        <button
          data-testid="lang-toggle"
          class="lang"
          aria-label={`${t("lang_other")} — ${t("lang_other_label")}`}
          onClick={() => setLang(language === "vi" ? "en" : "vi")}
        >
          {t("lang_other")}
        </button>
      </header>
      {!isOnline && (
        <p class="offline" role="status" data-testid="offline-banner">
          {t("offline")}
        </p>
      )}
      {!isReady ? (
        <main class="screen">
          <p>{t("loading")}</p>
        </main>
      ) : !who ? (
        <LoginScreen signup={path === "signup"} />
      ) : authPath ? (
        <TicketsScreen />
      ) : (
        <Screen path={path} />
      )}
      {who && (
        <nav class="bottom" aria-label="menu">
          {NAV.map((item) => (
            <a
              key={item.path}
              href={`/app/${item.path}`}
              data-testid={`nav-${item.path}`}
              aria-current={path.split("/")[0] === item.path ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(item.path);
              }}
            >
              {t(item.label)}
            </a>
          ))}
        </nav>
      )}
    </div>
  );
}

document.documentElement.lang = lang.get();
render(<App />, document.getElementById("app")!);
void boot();

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch(() => undefined);
}
