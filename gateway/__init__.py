"""Payment gateway: the PaymentProvider port and its Stripe and sandbox implementations."""
