"""What the rider app shell needs to know about the deployment (built by the composition root)."""

from __future__ import annotations

from dataclasses import dataclass

STRIPE_JS_ORIGIN = "https://js.stripe.com"


@dataclass(frozen=True, slots=True)
class AppShellConfig:
    payments_provider: str = "sandbox"  # sandbox | stripe
    stripe_publishable_key: str | None = None
    secure_cookies: bool = False  # Secure on the session cookie (production: served over HTTPS)

    def public_document(self) -> dict[str, str | None]:
        """``/app/config.json``: nothing secret, only what the app shows or loads."""
        return {
            "payments_provider": self.payments_provider,
            "stripe_publishable_key": self.stripe_publishable_key if self.uses_stripe else None,
        }

    @property
    def uses_stripe(self) -> bool:
        return self.payments_provider == "stripe"
