"""One router module per area of the API; :func:`api.app.create_app` includes them."""
