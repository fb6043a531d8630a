#!/usr/bin/env python3
"""API tests of `carecast serve`: the endpoints answer what `carecast run` computes, bad
requests get 4xx JSON with the CLI's located messages, and the server keeps serving.

Usage: api_test.py CARECAST SOURCE_DIR WORK_DIR
Starts its own servers on free loopback ports (--port 0) and stops them. Exit 0 on success,
1 on the first failed check (the message says which).
"""
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import CarecastServer, fail  # noqa: E402

checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        fail(message)


def still_serving(server, after):
    status, _, body = server.get("/api/schema")
    check(status == 200 and body.startswith(b"{"), f"server stopped answering after {after}")


def cli_run(carecast, scenario, out_dir):
    result = subprocess.run([carecast, "run", scenario, "--out", out_dir, "--quiet"], capture_output=True, text=True)
    check(result.returncode == 0, f"carecast run failed: {result.stderr}")
    tables = {}
    for name in ("projection", "professions", "indicators"):
        with open(os.path.join(out_dir, name + ".csv"), newline="") as f:
            tables[name] = list(csv.DictReader(f))
    with open(os.path.join(out_dir, "manifest.json")) as f:
        tables["manifest"] = json.load(f)
    return tables


def same_records(api_rows, cli_rows, key_columns, value_column, what):
    """Every row equal, numbers to the last bit (both sides are shortest round-trip text)."""
    check(len(api_rows) == len(cli_rows), f"{what}: {len(api_rows)} rows from the API, {len(cli_rows)} from the CLI")
    for api, cli in zip(api_rows, cli_rows):
        for column in key_columns:
            check(str(api[column]) == cli[column], f"{what}: {column} {api[column]!r} != {cli[column]!r}")
        check(float(api[value_column]) == float(cli[value_column]),
              f"{what}: {value_column} {api[value_column]!r} != {cli[value_column]!r} in {cli}")


def main():
    carecast, source_dir, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    scenario = os.path.join(source_dir, "scenarios", "productivity.yaml")
    base = os.path.join(source_dir, "config", "norway.yaml")
    with open(scenario, encoding="utf-8") as f:
        scenario_yaml = f.read()
    cli = cli_run(carecast, scenario, os.path.join(work, "cli"))

    with CarecastServer(carecast, scenario, "--max-body", "64") as server:
        # --- the page and its assets come from the binary, with nothing fetched elsewhere ---
        status, headers, page = server.get("/")
        check(status == 200 and headers.get("Content-Type", "").startswith("text/html"), "GET / is not the page")
        check(b'<script src="/app.js">' in page, "the page does not load /app.js")
        for path in ("/", "/app.js", "/style.css"):
            status, _, body = server.get(path)
            check(status == 200, f"GET {path}: {status}")
            check(re.search(rb"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", body) is None,
                  f"{path} refers to another site (assets must be served from the binary)")

        # --- schema: the rows of the schema table ---
        status, _, body = server.get("/api/schema")
        check(status == 200, f"GET /api/schema: {status}")
        schema = json.loads(body)
        rows = {row["path"]: row for row in schema["base"]}
        p = rows["parameters.productivity_pct"]
        check(p["unit"] == "%/yr" and p["default"] == 0.5 and p["range"] == "[-5, 10]", f"productivity row: {p}")
        check(p["min"] == {"value": -5.0, "exclusive": False} and p["max"] == {"value": 10.0, "exclusive": False},
              f"productivity bounds: {p['min']} {p['max']}")
        fertility = rows["parameters.demography.total_fertility"]
        check(fertility["type"] == "time path" and fertility["default"] == {"2024": 1.44, "2030": 1.65},
              f"fertility default: {fertility['default']}")
        check(rows["end_year"]["min"] == {"key": "base_year", "exclusive": True}, f"end_year min: {rows['end_year']['min']}")
        check("parameters.levers.investments.*.amount_mnok" in rows, "lever amount missing from the schema")
        # Every key of the configuration reference is in the API, and no other.
        with open(os.path.join(source_dir, "docs", "config-reference.md"), encoding="utf-8") as f:
            reference = f.read()
        for path in rows:  # the reference writes `*` as <service>, <lever>, ...
            pattern = "`" + re.escape(path).replace(r"\*", "<[a-z_]+>") + "`"
            check(re.search(pattern, reference) is not None, f"schema row {path} is not in docs/config-reference.md")

        # --- scenario: the served file, its base made absolute ---
        status, _, body = server.get("/api/scenario")
        served = json.loads(body)
        check(served["scenario"]["base"] == os.path.realpath(base) or os.path.samefile(served["scenario"]["base"], base),
              f"scenario base {served['scenario']['base']} is not {base}")
        check([s["name"] for s in served["scenario"]["scenarios"]] ==
              ["productivity-0.0", "productivity-0.5", "productivity-1.0", "productivity-2.0"], "served scenarios")
        check(served["base_year"] == 2023 and served["end_year"] == 2060, "served years")
        check(len(served["services"]) == 7 and served["services"][0]["label_nb"] == "Somatisk spesialisthelsetjeneste",
              f"services: {served['services'][:1]}")
        lab = [e for e in served["equipment"] if e["service"] == "somatic_specialist" and e["category"] == "laboratory_automation"]
        check(lab and lab[0]["base_investment_nok"] == 261900000, f"baseline lab investment: {lab}")

        # --- run: YAML and JSON bodies give exactly what `carecast run` writes ---
        status, result = server.post_json("/api/run", scenario_yaml, "application/yaml")
        check(status == 200, f"POST /api/run (YAML): {status} {result}")
        same_records(result["projection"], cli["projection"], ["scenario", "year", "service"], "arsverk", "projection")
        same_records(result["professions"], cli["professions"], ["scenario", "year", "profession"], "arsverk", "professions")
        same_records(result["indicators"], cli["indicators"], ["scenario", "year", "indicator"], "value", "indicators")
        prov = result["provenance"]
        manifest = cli["manifest"]
        check(prov["engine_version"] == manifest["engine_version"] and prov["git_revision"] == manifest["git_revision"],
              f"provenance versions {prov['engine_version']} {prov['git_revision']}")
        check(re.fullmatch(r"[0-9a-f]{64}", prov["configuration_hash"]) is not None, "configuration hash")
        # The same file POSTed is the same configuration as the CLI's: same text, same hash.
        check(prov["resolved_config"] == manifest["resolved_config"], "resolved configuration differs from the CLI's")
        check(prov["configuration_hash"] == hashlib.sha256(manifest["resolved_config"].encode()).hexdigest(),
              "configuration hash differs from the CLI's manifest")
        check([(s["role"], s["path"]) for s in prov["data_sources"]] ==
              [(s["role"], s["path"]) for s in manifest["data_sources"]], "data sources differ from the manifest")

        as_json = json.dumps({"base": base, "scenarios": [
            {"name": f"productivity-{v}", "parameters": {"productivity_pct": float(v)}} for v in ("0.0", "0.5", "1.0", "2.0")]})
        status, from_json = server.post_json("/api/run", as_json)
        check(status == 200, f"POST /api/run (JSON): {status} {from_json}")
        check(from_json["projection"] == result["projection"], "JSON and YAML bodies give different projections")

        status, valid = server.post_json("/api/validate", scenario_yaml, "application/yaml")
        check(status == 200 and valid["ok"] and len(valid["scenarios"]) == 4, f"validate: {valid}")

        # --- tables ---
        status, headers, table = server.post("/api/table.csv", scenario_yaml, "application/yaml")
        check(status == 200 and headers.get("Content-Type", "").startswith("text/csv"), f"table.csv: {status}")
        check('filename="carecast-table.csv"' in headers.get("Content-Disposition", ""), "table.csv is not an attachment")
        lines = table.decode("utf-8").splitlines()
        check(lines[0] == "scenario,quantity,unit,2023,2030,2035,2040,2050,2060", f"table.csv header: {lines[0]}")
        row = next(csv.reader([l for l in lines if l.startswith("productivity-0.5,total,")]))
        cli_total = next(r for r in cli["projection"] if r["scenario"] == "productivity-0.5" and r["year"] == "2060"
                         and r["service"] == "total")
        check(float(row[-1]) == float(cli_total["arsverk"]), f"table.csv total 2060 {row[-1]} != {cli_total['arsverk']}")
        status, headers, workbook = server.post("/api/table.xlsx", scenario_yaml, "application/yaml")
        check(status == 200 and workbook[:2] == b"PK", f"table.xlsx: {status}")
        names = zipfile.ZipFile(io.BytesIO(workbook)).namelist()
        check("xl/workbook.xml" in names and sum(n.startswith("xl/worksheets/") for n in names) >= 3,
              f"table.xlsx sheets: {names}")

        # --- bad requests: 4xx JSON, and the server keeps serving ---
        status, body = server.post_json("/api/run", '{"base": "x", "scenarios": [')
        check(status == 400 and body["kind"] == "json" and body["error"].startswith("malformed JSON"), f"malformed JSON: {status} {body}")
        still_serving(server, "malformed JSON")
        status, body = server.post_json("/api/run", "[1, 2]")
        check(status == 400 and body["kind"] == "json", f"JSON array body: {status} {body}")
        # A number beyond a double, and bytes that are not UTF-8: 400, not 500 (both were 500).
        status, body = server.post_json("/api/run", '{"parameters": {"productivity_pct": 1e999}}')
        check(status == 400 and body["kind"] == "json" and "out of range" in body["error"], f"1e999: {status} {body}")
        status, body = server.post_json("/api/run", b'{"parameters": {"productivity_pct": "\xff\xfe"}}')
        check(status == 400 and body["kind"] == "json", f"invalid UTF-8 in JSON: {status} {body}")
        still_serving(server, "a number out of range and invalid UTF-8")
        status, _, raw = server.post("/api/run", "#" * (65 * 1024), "application/yaml")
        check(status == 413 and json.loads(raw)["error"] == "request body larger than 65536 bytes", f"oversized body: {status} {raw[:200]}")
        still_serving(server, "an oversized body")
        status, body = server.post_json("/api/run", "base: x", "application/x-www-form-urlencoded")
        check(status == 415 and body["kind"] == "content_type", f"form body: {status} {body}")

        broken = (f"base: {base}\n"
                  "parameters:\n"
                  "  productivity_pct: 12\n"
                  "  healthy_ageng: {theta: 0.3}\n")
        status, body = server.post_json("/api/run", broken, "application/yaml")
        check(status == 422 and body["kind"] == "config" and body["error"] == "invalid configuration (2 problems)",
              f"unknown key / out of range: {status} {body}")
        messages = [p["message"] for p in body["problems"]]
        # The same located messages as the CLI gives for the same text in a file.
        request_file = os.path.join(work, "request.yaml")
        with open(request_file, "w", encoding="utf-8") as f:
            f.write(broken)
        cli_check = subprocess.run([carecast, "validate", request_file], capture_output=True, text=True)
        check(cli_check.returncode == 3, f"carecast validate exit {cli_check.returncode}")
        cli_lines = cli_check.stderr.splitlines()[1:]
        strip = lambda line: line.split("request.yaml", 1)[1]
        check([strip(m) for m in messages] == [strip(l) for l in cli_lines], f"API {messages} != CLI {cli_lines}")
        check(strip(messages[0]) == ":3:21: parameters.productivity_pct = 12 — must be in [-5, 10]", messages[0])
        check(strip(messages[1]) == ":4:3: parameters.healthy_ageng = {theta: 0.3} — unknown key (did you mean 'healthy_ageing'?)",
              messages[1])
        still_serving(server, "invalid keys and values")

        status, body = server.post_json("/api/validate", json.dumps({"base": base, "parameters": {"healthy_ageing": {"theta": 1.5}}}))
        check(status == 422 and body["problems"][0]["rule"] == "must be in [0, 1]" and body["problems"][0]["line"] == 1,
              f"out of range in JSON: {status} {body}")
        # In range, but only the projection can refuse it: a located 422, never a 500.
        unreachable = {"base": base, "parameters": {"demography": {"mortality": {"life_expectancy": {"female": {"2060": 120}}}}}}
        for endpoint in ("/api/validate", "/api/run"):
            status, body = server.post_json(endpoint, json.dumps(unreachable))
            check(status == 422 and body["kind"] == "config"
                  and body["problems"][0]["key"] == "parameters.demography.mortality.life_expectancy.female"
                  and "is out of reach" in body["problems"][0]["rule"],
                  f"unreachable life expectancy at {endpoint}: {status} {body}")
        still_serving(server, "a life expectancy only the projection refuses")
        # Regions are not served (national figures only): refused at the key, not dropped.
        status, body = server.post_json("/api/run", json.dumps({"base": base, "regions": "county"}))
        check(status == 422 and body["problems"][0]["key"] == "regions" and body["problems"][0]["line"] == 1
              and "carecast serve answers national figures only" in body["problems"][0]["rule"],
              f"regions: {status} {body}")
        # Regions asked for in the base file, not the request: located there (it named the
        # request, line 0, before).
        regional = os.path.join(work, "regional-base")
        shutil.copytree(os.path.join(source_dir, "config"), regional)
        regional_base = os.path.join(regional, "norway.yaml")
        with open(regional_base, encoding="utf-8") as f:
            lines = f.read().split("\n")
        at = lines.index("regions: none")
        lines[at] = "regions: county"
        with open(regional_base, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        status, body = server.post_json("/api/run", json.dumps({"base": regional_base}))
        problem = body["problems"][0] if status == 422 else {}
        check(problem.get("key") == "regions" and problem.get("file") == regional_base and problem.get("line") == at + 1
              and problem.get("column") == len("regions: ") + 1, f"regions in the base file: {status} {body}")
        status, body = server.post_json("/api/run", "base: no-such-base.yaml\n", "application/yaml")
        check(status == 422 and "cannot open" in body["problems"][0]["rule"], f"missing base: {status} {body}")
        status, _, raw = server.get("/api/nothing")
        check(status == 404 and json.loads(raw)["kind"] == "not_found", f"unknown endpoint: {status}")
        status, _, raw = server.request("GET", "/api/schema", headers={"Host": "attacker.example"})
        check(status == 403, f"foreign Host header: {status}")
        status, _, raw = server.request("POST", "/api/run", body=scenario_yaml.encode(),
                                        headers={"Content-Type": "application/yaml", "Origin": "http://attacker.example"})
        check(status == 403 and json.loads(raw)["kind"] == "origin", f"cross-site POST: {status}")
        still_serving(server, "every bad request")

    # --- command line: another address warns; bad options are usage errors ---
    server = CarecastServer(carecast, scenario, "--bind", "127.0.0.2")
    with server:
        check(server.get("/api/schema")[0] == 200, "server on 127.0.0.2 does not answer")
    check("warning: serve: listening on 127.0.0.2, not on 127.0.0.1" in server.stderr, f"no warning: {server.stderr}")
    for args, code, text in ((["--port", "70000"], 2, "--port must be in 0..65535"),
                             (["--lang", "de"], 2, "--lang must be nb or en"),
                             (["--max-body", "0"], 2, "--max-body must be in 1..65536 KiB")):
        r = subprocess.run([carecast, "serve", scenario, *args], capture_output=True, text=True, timeout=20)
        check(r.returncode == code and text in r.stderr, f"serve {args}: exit {r.returncode}, {r.stderr}")
    r = subprocess.run([carecast, "serve", os.path.join(work, "missing.yaml"), "--port", "0"], capture_output=True, text=True, timeout=20)
    check(r.returncode == 3 and "cannot open file" in r.stderr, f"serve missing.yaml: exit {r.returncode}, {r.stderr}")
    print(f"api_test: {checks} checks passed")


if __name__ == "__main__":
    main()
