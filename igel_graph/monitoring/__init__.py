"""Following a plan over time (issue 14): status reports, indicators and spending.

What a department reports lives in the ``monitoring`` named graph
(``Graphs.MONITORING``); the labelled example set in ``Graphs.EXAMPLE_MONITORING``.
Neither is ever mixed with a source graph. The modules:

* :mod:`.context`: what a plan offers to report on (measures, criteria, budget lines,
  actors, its time span) and who may report on what;
* :mod:`.rows`: the documented spreadsheet columns, one sheet per kind, and the parsing of
  a row into a record with sheet/row/column errors;
* :mod:`.records`: records to RDF with PROV;
* :mod:`.importer`: validate everything, then write all of it in one transaction or nothing.
"""
