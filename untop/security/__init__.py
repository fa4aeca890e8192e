"""Login protection and session rules: two-factor sign-in, timeouts, re-authentication, lockout."""
