"""pgshadow's service: CLI, configuration, the replication connection, initial sync, apply,
progress, the embedded primary, and the glue that serves the engine over the wire."""
