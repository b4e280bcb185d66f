"""Running fixloop in production: health, request ids, JSON logs, metrics, deploy checks, backups."""
