"""The graph views, one module each; :mod:`visualizations.registry` lists them."""
