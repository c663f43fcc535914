"""Watch: citizens' reports from every channel, receipts, and the evidence vault."""
