"""The worker's own topic: queue probes."""

HANDLERS = {"worker.probe": "fixloop.worker.probes.handle_probe"}
