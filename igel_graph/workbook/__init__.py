"""The plan workbook: any plan in and out as a spreadsheet (XLSX or a folder of CSV
files), each import a version of its plan, and the changes between two versions.

Modules: ``schema`` (the sheets and columns, from the CSVW metadata file), ``reader``
(checked records), ``rdf`` (records → RDF), ``importer`` (match, validate, write),
``export`` (a plan → tables → XLSX, the template), ``versions`` and ``diff``.
"""
