"""The network layer: the NATS server, the JetStream transport, direct gets and replication."""
