"""Reading RDF that someone else wrote, so that nothing it names is fetched and nothing
in it expands.

One job: check and parse an RDF body from an untrusted source (an API upload, a file
given to ``igel load``). What is refused, each with one
:class:`~igel_graph.errors.ParseError` (HTTP 400, exit 2):

* RDF/XML with a ``<!DOCTYPE`` or ``<!ENTITY`` declaration: entities are how a 1.6 KB
  body expands to gigabytes ("billion laughs") and how external files are read; RDF/XML
  needs neither.
* JSON-LD naming a context (``@context`` or ``@import``) by URL: a parser would fetch it
  (a remote server, or a ``file://`` URL that tells whether a local file exists). The
  project's own context (``/context.jsonld``, see :data:`OWN_CONTEXT_PATH`) is the one
  exception: it is put inline from memory, never fetched.
* N3 with formulas (``{ ... }``) or variables (``?x``): they are not RDF triples.

:func:`parse_isolated` parses in a child process (``python -m igel_graph.untrusted_rdf``)
with a time and a memory limit and returns the triples as N-Triples, so that a hostile
or merely huge body costs that child, never the server's event loop or memory.
Only the standard library and pyoxigraph are imported here: the child starts fast.

>>> inline_contexts({"@context": "http://evil.example/ctx", "@id": "http://e/a"}, {})
Traceback (most recent call last):
...
igel_graph.errors.ParseError: request body: the JSON-LD context <http://evil.example/ctx> is not fetched: name no remote or file contexts
  Put the context inline in the document (an object under "@context").
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Mapping

from .errors import IgelError, ParseError

__all__ = [
    "refuse_xml_declarations",
    "inline_contexts",
    "guard_bytes",
    "parse_to_ntriples",
    "parse_isolated",
    "ParseLimitExceeded",
    "OWN_CONTEXT_PATH",
]

#: the path at which the API publishes the reports' context; a context URL ending in it
#: on one of the allowed hosts is replaced by the context itself
OWN_CONTEXT_PATH = "/context.jsonld"

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_HINT = "Fix the RDF at that position; nothing was loaded."


class ParseLimitExceeded(IgelError):
    """An upload took longer or more memory to parse than the server allows."""

    exit_code = 2
    http_status = 413


def refuse_xml_declarations(data: bytes, source: str = "request body") -> None:
    """Raise :class:`ParseError` if RDF/XML ``data`` declares a DOCTYPE or an entity.

    >>> refuse_xml_declarations(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "x">]><r/>')
    Traceback (most recent call last):
    ...
    igel_graph.errors.ParseError: request body, line 1: RDF/XML with a DOCTYPE or ENTITY declaration is refused: entities are not expanded here
      Remove the <!DOCTYPE ...> block and write the values out.
    """
    m = _DECLARATION.search(data)
    if m is None and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        m = _DECLARATION.search(data.decode("utf-16", "replace").encode("utf-8"))
    if m is not None:
        line = data.count(b"\n", 0, m.start()) + 1
        raise ParseError(
            "RDF/XML with a DOCTYPE or ENTITY declaration is refused: entities are not expanded here",
            source=source,
            line=line,
            hint="Remove the <!DOCTYPE ...> block and write the values out.",
        )


def inline_contexts(doc: Any, own: Mapping[str, Any], source: str = "request body") -> Any:
    """``doc`` (parsed JSON-LD) with every context named by URL replaced by its content.

    ``own`` maps the allowed context URLs to their content (the value of ``@context``);
    any other URL in ``@context`` or ``@import``, anywhere in the document (scoped contexts
    in term definitions included), raises :class:`ParseError`. Nothing is fetched.
    """

    def context(value: Any) -> Any:
        if isinstance(value, str):
            if value in own:
                return own[value]
            raise ParseError(
                f"the JSON-LD context <{value}> is not fetched: name no remote or file contexts",
                source=source,
                hint='Put the context inline in the document (an object under "@context").',
            )
        if isinstance(value, list):
            return [context(v) for v in value]
        return walk(value)

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(v) for v in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "@context":
                out[key] = context(value)
            elif key == "@import":
                resolved = context(value)
                if isinstance(resolved, dict):  # an imported context is merged in place
                    out.update({k: v for k, v in resolved.items() if k not in node})
                    continue
                out[key] = resolved
            else:
                out[key] = walk(value)
        return out

    return walk(doc)


def guard_bytes(
    data: bytes, fmt: str, *, own_contexts: Mapping[str, Any] | None = None, source: str = "request body"
) -> bytes:
    """``data`` made safe to hand to a parser of rdflib format ``fmt`` (``xml``,
    ``json-ld``, ``turtle``, ...): raises for DOCTYPEs and foreign contexts, returns JSON-LD
    with the allowed contexts inlined and other formats unchanged."""
    if fmt in ("xml", "pretty-xml", "rdf/xml"):
        refuse_xml_declarations(data, source)
        return data
    if fmt in ("json-ld", "jsonld"):
        try:
            doc = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ParseError(exc.msg, source=source, line=exc.lineno, column=exc.colno, hint=_HINT) from None
        except (RecursionError, UnicodeDecodeError) as exc:
            raise ParseError(f"cannot read the JSON: {type(exc).__name__}", source=source, hint=_HINT) from None
        try:
            return json.dumps(inline_contexts(doc, own_contexts or {}, source)).encode("utf-8")
        except RecursionError:
            raise ParseError("the JSON-LD document is nested too deeply", source=source, hint=_HINT) from None
    return data


def parse_to_ntriples(
    data: bytes,
    fmt: str,
    base: str | None,
    *,
    own_contexts: Mapping[str, Any] | None = None,
    source: str = "request body",
) -> bytes:
    """Check ``data`` (:func:`guard_bytes`), parse it with Oxigraph's parser and return its
    triples as N-Triples (blank nodes renamed). Raises :class:`ParseError` with line and
    column, also for N3 formulas and variables. Runs in the calling process: use
    :func:`parse_isolated` for an untrusted body in a server."""
    import pyoxigraph as ox

    from .store.rdfio import _rdf_syntax_error, rdf_format

    safe = guard_bytes(data, fmt, own_contexts=own_contexts, source=source)
    triples = []
    try:
        for quad in ox.parse(safe, rdf_format(fmt), base_iri=base, rename_blank_nodes=True):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                raise ParseError(
                    "N3 formulas ({ ... }) and named graphs are not RDF triples and cannot be loaded into one graph",
                    source=source,
                    hint="Write plain triples (Turtle is N3 without formulas).",
                )
            triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    except SyntaxError as exc:
        raise _rdf_syntax_error(exc, source) from None
    except (ValueError, OSError) as exc:
        raise ParseError(str(exc) or type(exc).__name__, source=source, hint=_HINT) from None
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def parse_isolated(
    data: bytes,
    fmt: str,
    base: str | None,
    *,
    timeout: float,
    memory_bytes: int,
    own_contexts: Mapping[str, Any] | None = None,
    source: str = "request body",
) -> bytes:
    """:func:`parse_to_ntriples` in a child process that is killed after ``timeout``
    seconds and may use at most ``memory_bytes`` of address space.

    Blocking: call it from a worker thread. Raises :class:`ParseError` for bad input and
    :class:`ParseLimitExceeded` (413) when a limit is hit.
    """
    package_root = str(Path(__file__).resolve().parent.parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IGEL_")}
    env["PYTHONPATH"] = os.pathsep.join([package_root, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    header = json.dumps(
        {"format": fmt, "base": base, "contexts": own_contexts or {}, "source": source, "memory": memory_bytes}
    ).encode("utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "igel_graph.untrusted_rdf"],
            input=header + b"\n" + data,
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ParseLimitExceeded(
            f"The body took longer than {timeout:g} s to parse and was refused; nothing was written.",
            hint="Send smaller parts, or raise IGEL_UPLOAD_TIMEOUT.",
        ) from None
    if done.returncode == 0:
        return done.stdout
    try:
        error = json.loads(done.stderr.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        error = None
    if not isinstance(error, dict):
        raise ParseLimitExceeded(
            "Parsing the body needed more memory than the server allows and was stopped; nothing was written.",
            hint="Send smaller parts, or raise IGEL_UPLOAD_MEMORY_BYTES.",
        )
    raise ParseError(
        error["message"],
        source=error.get("source"),
        line=error.get("line"),
        column=error.get("column"),
        hint=error.get("hint"),
    )


def _refuse_connections() -> None:
    """The child never opens a socket: a second wall behind the parsers, which fetch
    nothing by themselves."""

    def hook(event: str, args: tuple) -> None:
        if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
            raise PermissionError("network access is disabled while parsing an upload")

    sys.addaudithook(hook)


def _child_main() -> None:
    """Read a JSON header line and the body from stdin, write N-Triples to stdout; on a
    parse error write the error as one JSON line to stderr and exit 2."""
    _refuse_connections()
    raw = sys.stdin.buffer.read()
    header_line, _, data = raw.partition(b"\n")
    header = json.loads(header_line)
    if header.get("memory"):
        import resource

        limit = int(header["memory"])
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        out = parse_to_ntriples(
            data,
            header["format"],
            header.get("base"),
            own_contexts=header.get("contexts"),
            source=header.get("source") or "request body",
        )
    except ParseError as exc:
        message = exc.message.split(": ", 1)[1] if exc.message.startswith(f"{exc.source}") else exc.message
        sys.stderr.write(
            json.dumps(
                {"message": message, "source": exc.source, "line": exc.line, "column": exc.column, "hint": exc.hint}
            )
            + "\n"
        )
        sys.exit(2)
    sys.stdout.buffer.write(out)


if __name__ == "__main__":
    _child_main()
