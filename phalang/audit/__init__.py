"""The append-only, hash-chained audit log that every action writes to."""
