"""Staff accounts: login with lockout, TOTP two-factor, sessions. Citizens need no account."""
