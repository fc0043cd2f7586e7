"""Content of the site's pages (landing, plan explorer, gaps, timeline, finance, SPARQL).

Each module returns plain data for a template in ``api/templates/site/``; charts are
inline SVG generated here (:mod:`.svg`), so no chart library or CDN is needed.
"""
