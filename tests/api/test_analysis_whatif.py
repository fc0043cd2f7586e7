"""``POST /api/analysis/whatif`` over real HTTP on the built real data: read-only, no
token, one clear 400 for unknown names, 503 past its time budget; and one finding per
kind and subject in ``/api/analysis/findings``."""

from __future__ import annotations

INSURERS = "https://w3id.org/igel/id/actor/krankenversicherer"
M114 = "https://w3id.org/igel/id/plan/igel-2026-2030/measure/1.1.4"


def test_insurers_join_1_1_4(client, built_oxigraph):
    sizes = built_oxigraph.graphs()
    r = client.post(
        "/api/analysis/whatif", json={"add_role": [{"actor": "insurers", "measure": "1.1.4", "role": "partner"}]}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["scenario"][0]["actor"] == INSURERS and body["scenario"][0]["measure"] == M114
    assert body["scenario"][0]["de"].startswith("Krankenversicherer neu in ")
    assert body["scenario"][0]["de"].endswith(" (Partner)")
    degree = {(m["metric"], m["node"]): m for m in body["metrics"]}
    # in 1.1.4 the insurers meet the forum bodies, whom they did not work with: + 1
    assert degree["degree", INSURERS]["after"] == degree["degree", INSURERS]["before"] + 1
    assert set(body["findings"]) == {"appear", "disappear", "change"}
    assert body["counts"]["before"] > 0
    assert built_oxigraph.graphs() == sizes  # nothing written


def test_unknown_names_are_400(client):
    for payload, message in (
        ({"add_role": [{"actor": "nobody", "measure": "1.1.4"}]}, "Unknown actor 'nobody'"),
        ({"add_role": [{"actor": "insurers", "measure": "9.9.9"}]}, "Unknown measure '9.9.9'"),
        ({"add_role": [{"actor": "insurers", "measure": "1.1.4", "role": "boss"}]}, "Unknown role 'boss'"),
        ({"move_start": [{"measure": "1.1.4", "start": "2099-Q9"}]}, "Unknown quarter"),
        ({}, "changes nothing"),
    ):
        r = client.post("/api/analysis/whatif", json=payload)
        assert r.status_code == 400, (payload, r.text)
        assert message in r.json()["message"]


def test_whatif_is_documented_in_openapi(client):
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/analysis/whatif"]["post"]
    assert "security" not in op and {"200", "400", "503"} <= set(op["responses"])
    schema = spec["components"]["schemas"]["WhatIfRequest"]
    assert {"add_role", "remove_actor", "move_start", "add_dependency"} <= set(schema["properties"])


def test_whatif_past_its_budget_is_503(client, monkeypatch):
    import api.routers.analysis as module

    monkeypatch.setattr(module, "WHATIF_SECONDS", 0.001)
    r = client.post("/api/analysis/whatif", json={"remove_actor": ["vlg"]})
    assert r.status_code == 503 and "took longer than" in r.json()["message"]


def test_findings_are_unique_per_kind_and_subject(client):
    body = client.get("/api/analysis/findings").json()
    keys = [(f["kind"], f["subject"]) for f in body["findings"]]
    assert keys and len(keys) == len(set(keys))
