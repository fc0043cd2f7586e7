"""igel_graph: the core library of the IGeL knowledge graph.

Store, build, validation, reasoning, named queries, network analysis, reports and the
``igel`` command line. It imports no web or visualisation code.
"""

__version__ = "0.1.0"
