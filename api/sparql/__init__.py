"""The public SPARQL endpoint's machinery: query inspection (:mod:`.safety`), result
serialisation (:mod:`.formats`), and worker processes that run queries under a hard
timeout (:mod:`.worker`, :mod:`.pool`)."""
