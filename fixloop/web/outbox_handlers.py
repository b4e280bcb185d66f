"""Topics the web layer delivers: password-reset links, mailed by the worker (see password_reset)."""

HANDLERS = {"accounts.password_reset": "fixloop.web.password_reset.send_reset_links"}
