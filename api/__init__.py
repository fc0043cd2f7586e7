"""The IGeL web API: SPARQL 1.1 protocol, resource pages, named queries, reports, writes.

Build the application with :func:`api.app.create_app`; serve it with ``igel serve``.
"""
