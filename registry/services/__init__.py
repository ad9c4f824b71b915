"""Business rules. Services take a session and keyword-only arguments, and never commit."""
