"""citymesh node runtime: NATS transport, replication, SQLite store and view, HTTP, CLI."""
