"""Plain helpers shared by the Django apps (healthchecks' ``hc/lib`` idea)."""
