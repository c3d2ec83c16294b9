"""Daily operator settlement and reconciliation with the payment provider."""
