"""Channel adapters (LINE, Telegram, SMS): webhooks, the durable inbox and outbox, the chat dialog."""
