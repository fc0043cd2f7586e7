"""Read the W3C SPARQL 1.1 protocol manifest (``data/sparql11/protocol/manifest.ttl``)
into plain test records: the HTTP requests of each test (``ht:`` vocabulary) with the
expected status classes, result format and ASK value, and the graphs to load first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

DATA = Path(__file__).resolve().parent / "data" / "sparql11"
PROTOCOL_MANIFEST = DATA / "protocol" / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # e.g. {"2xx", "3xx"}
    format: str | None  # "boolean", "tabular", "RDF" or None
    boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    title: str
    graph_data: list[tuple[Path, str]] = field(default_factory=list)  # (file, graph IRI)
    requests: list[Request] = field(default_factory=list)


def _list(g: Graph, node) -> list:
    return list(Collection(g, node)) if node is not None else []


def load_protocol_tests(path: Path = PROTOCOL_MANIFEST) -> list[ProtocolTest]:
    """The tests of the manifest, in manifest order."""
    g = Graph()
    g.parse(path, format="turtle", publicID=path.resolve().as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for node in _list(g, g.value(manifest, MF.entries)):
        test = ProtocolTest(name=str(node).rsplit("#", 1)[-1], title=str(g.value(node, MF.name)))
        for gd in g.objects(node, UT.graphData):
            file = Path(str(g.value(gd, UT.graph)).removeprefix("file://"))
            test.graph_data.append((path.parent / file.name, str(g.value(gd, RDFS.label))))
        action = g.value(node, MF.action)
        for req in _list(g, g.value(action, HT.requests)):
            headers = {
                str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
                for h in _list(g, g.value(req, HT.headers))
            }
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding.lower())
            resp = g.value(req, HT.resp)
            statuses = {str(s).rsplit("#StatusCode", 1)[-1] for s in g.objects(resp, MF.expectedStatus)}
            fmt = g.value(resp, MF.expectedFormat)
            boolean = g.value(resp, MF.expectedBoolean)
            test.requests.append(
                Request(
                    method=str(g.value(req, HT.methodName)),
                    path=str(g.value(req, HT.absolutePath)),
                    headers=headers,
                    body=body,
                    statuses=statuses,
                    format=str(fmt) if fmt is not None else None,
                    boolean=boolean.toPython() if boolean is not None else None,
                )
            )
        tests.append(test)
    return tests
