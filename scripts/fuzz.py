#!/usr/bin/env python3
"""The malformed-input harness of issue 18: mutates one file of a valid upload, runs
`mmpipe run` on it, and checks what must hold for any input, however broken:

  1. the run ends (no hang: a timeout per run) with exit status 0, 1 or 2, never a signal;
  2. every text output (CSV, HTML, JSON, JSONL) is valid UTF-8 without a NUL byte;
  3. `mmpipe audit verify` accepts the output folder;
  4. rows are accounted for: per table, the rows mmpipe read (manifest `input_tables`) are
     the rows of the input files as Python's csv module / a count of ItemGroupData sees them,
     and every rejected row has its own audit `reject` line — unless an ERROR finding
     refuses the whole file (then only "read ≤ rows in the file" and "audited ≤ rejected").

    scripts/fuzz.py [--mutations 200] [--seed 18] [--patients 20] [--mmpipe PATH] [--keep DIR]

The valid upload is `mmpipe synth --patients P --sites 2 --seed K --odm-sites 1` (CSV tables
plus one ODM file). Deterministic for a seed; a failing case is kept under --keep (default
fuzz-out/, git-ignored) with the mutated upload and the outputs, and the script exits 1.
Exit status 2 (a run that cannot go on) is allowed and has no outputs to check.
"""
import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIPELINE = os.path.join(ROOT, "pipelines", "reference.yaml")
TEXT_OUTPUTS = (".csv", ".html", ".json", ".jsonl")
# Findings that refuse a whole file (or all rows of a header/item group).
FILE_LEVEL = {"ING-001", "ING-002", "ING-004", "ING-005", "ING-006", "ING-007", "ING-008", "ING-009", "ING-011"}


# --- Mutations: each takes the file's bytes and a Random, returns new bytes -----------------

def lines_of(data):
    return data.split(b"\n")


def pick_line(rnd, lines):
    return rnd.randrange(1, max(2, len(lines) - 1)) if len(lines) > 2 else 0


def on_field(data, rnd, change):
    lines = lines_of(data)
    i = pick_line(rnd, lines)
    fields = lines[i].split(b",")
    k = rnd.randrange(len(fields))
    fields[k] = change(fields[k], rnd)
    lines[i] = b",".join(fields)
    return b"\n".join(lines)


def on_header(data, rnd, change):
    lines = lines_of(data)
    fields = lines[0].split(b",")
    k = rnd.randrange(len(fields))
    lines[0] = b",".join(change(fields, k, rnd))
    return b"\n".join(lines)


def truncate(data, rnd):
    return data[:rnd.randrange(len(data) + 1)]


def delete_range(data, rnd):
    a = rnd.randrange(len(data) + 1)
    return data[:a] + data[a + rnd.randrange(1, 200):]


def insert_bytes(data, rnd):
    a = rnd.randrange(len(data) + 1)
    return data[:a] + bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 16))) + data[a:]


def utf16(data, rnd):
    return (b"\xff\xfe" if rnd.random() < 0.5 else b"") + data.decode("utf-8", "replace").encode("utf-16-le")


CSV_MUTATIONS = {
    "truncate": truncate,
    "delete-bytes": delete_range,
    "insert-bytes": insert_bytes,
    "nul-in-field": lambda d, r: on_field(d, r, lambda f, r: f + b"\x00x"),
    "nul-in-header": lambda d, r: on_header(d, r, lambda h, k, r: h[:k] + [h[k] + b"\x00"] + h[k + 1:]),
    "huge-field": lambda d, r: on_field(d, r, lambda f, r: b"\"" + b"w" * 100_000 + b"\""),
    "open-quote": lambda d, r: on_field(d, r, lambda f, r: b"\"" + f),
    "lone-cr": lambda d, r: on_field(d, r, lambda f, r: f + b"\r"),
    "empty-field": lambda d, r: on_field(d, r, lambda f, r: b""),
    "garbage-field": lambda d, r: on_field(d, r, lambda f, r: b"=@@?\xe9"),
    "huge-number": lambda d, r: on_field(d, r, lambda f, r: b"1e308"),
    "ancient-date": lambda d, r: on_field(d, r, lambda f, r: b"1850-06-01"),
    "extra-field": lambda d, r: on_field(d, r, lambda f, r: f + b",x"),
    "rename-column": lambda d, r: on_header(d, r, lambda h, k, r: h[:k] + [h[k].replace(b"_", b" ")] + h[k + 1:]),
    "drop-column": lambda d, r: drop_column(d, r),
    "duplicate-column": lambda d, r: on_header(d, r, lambda h, k, r: h[:k] + [h[0]] + h[k + 1:]),
    "duplicate-line": lambda d, r: duplicate_line(d, r),
    "unknown-patient": lambda d, r: unknown_patient(d, r),
    "utf16": utf16,
    "double-bom": lambda d, r: b"\xef\xbb\xbf\xef\xbb\xbf" + d,
    "semicolon-line": lambda d, r: on_field(d, r, lambda f, r: f + b";"),
    "empty-file": lambda d, r: b"",
    "header-only": lambda d, r: lines_of(d)[0] + b"\n",
}


def drop_column(data, rnd):
    rows = [line.split(b",") for line in lines_of(data)]
    k = rnd.randrange(len(rows[0]))
    return b"\n".join(b",".join(r[:k] + r[k + 1:]) for r in rows)


def duplicate_line(data, rnd):
    lines = lines_of(data)
    i = pick_line(rnd, lines)
    return b"\n".join(lines[:i + 1] + lines[i:])


def unknown_patient(data, rnd):
    lines = lines_of(data)
    header = lines[0].split(b",")
    k = header.index(b"patient_id") if b"patient_id" in header else 0
    for _ in range(rnd.randrange(1, 4)):
        i = pick_line(rnd, lines)
        fields = lines[i].split(b",")
        if k < len(fields):
            fields[k] = b"ZZ%d" % i
        lines[i] = b",".join(fields)
    return b"\n".join(lines)


def xml_sub(pattern, repl, count=1):
    return lambda d, r: re.sub(pattern, repl, d, count=count)


ODM_MUTATIONS = {
    "truncate": truncate,
    "delete-bytes": delete_range,
    "insert-bytes": insert_bytes,
    "repeat-item": xml_sub(rb'(<ItemData ItemOID="IT.TEST"[^>]*/>)', rb"\1\1"),
    "unknown-item": xml_sub(rb'ItemOID="IT.UNIT"', rb'ItemOID="IT.UNIT_X"', count=5),
    "remove-transaction": xml_sub(rb'<ItemGroupData ', rb'<ItemGroupData TransactionType="Remove" '),
    "doctype-system": xml_sub(rb"(<ODM )", rb'<!DOCTYPE ODM SYSTEM "odm.dtd">\n\1'),
    "entity": xml_sub(rb"(<ODM )", rb'<!DOCTYPE ODM [<!ENTITY x "y">]>\n\1'),
    "huge-attribute": lambda d, r: re.sub(rb'Value="[^"]*"', b'Value="' + b"w" * (6 << 20) + b'"', d, count=1),
    "stray-item": xml_sub(rb"(<ItemGroupData )", rb'<ItemData ItemOID="IT.VALUE" Value="1"/>\1'),
    "stray-lt": lambda d, r: insert_at_random(d, r, b"<"),
    "nul-in-value": lambda d, r: d.replace(b'Value="', b'Value="\x00', 1),
    "unknown-group": xml_sub(rb'ItemGroupOID="IG.LABS"', rb'ItemGroupOID="IG.LAB_RESULT"', count=3),
    "empty-file": lambda d, r: b"",
}


def insert_at_random(data, rnd, piece):
    a = rnd.randrange(len(data) + 1)
    return data[:a] + piece + data[a:]


# --- Independent row counts ------------------------------------------------------------------

def table_of_csv(name):
    base = os.path.splitext(name)[0].lower()
    return re.sub(r"^s\d+_", "", base)


def csv_rows(data):
    """Data records as Python's csv module reads the file (None when it cannot)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    try:
        records = list(csv.reader(io.StringIO(text.replace("\x00", ""), newline=""), delimiter=";" if sniff_semicolon(text) else ","))
    except csv.Error:
        return None
    # Blank lines (nothing but spaces) are no rows; `,,` is a row of empty fields.
    records = [r for r in records if len(r) > 1 or (r and r[0].strip(" \t"))]
    return max(0, len(records) - 1)


def sniff_semicolon(text):
    head = text.split("\n", 1)[0]
    return head.count(";") > head.count(",")


def odm_rows(data):
    counts = Counter()
    for oid in re.findall(rb'<ItemGroupData\b[^>]*?ItemGroupOID="IG\.([A-Z_]+)"', data):
        counts[oid.decode().lower()] += 1
    return counts


def expected_rows(folder):
    """Rows per table over the upload, and the tables of each file."""
    counts, tables = Counter(), {}
    for name in sorted(os.listdir(folder)):
        data = open(os.path.join(folder, name), "rb").read()
        if name.endswith(".csv"):
            tables[name] = [table_of_csv(name)]
            n = csv_rows(data)
            if n is not None:
                counts[table_of_csv(name)] += n
        elif name.endswith(".xml"):
            rows = odm_rows(data)
            tables[name] = sorted(rows)
            counts.update(rows)
    return counts, tables


# --- One run ---------------------------------------------------------------------------------

def check(mmpipe, upload, out, timeout):
    """Runs mmpipe on `upload`; returns (outcome, problems)."""
    env = dict(os.environ, MMPIPE_STUDY_KEY="fuzz-key", SOURCE_DATE_EPOCH="1751328000")
    try:
        run = subprocess.run([mmpipe, "run", upload, "--pipeline", PIPELINE, "--out", out], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ["no result after %d s (hang)" % timeout]
    status = run.returncode
    if status not in (0, 1, 2):
        return "exit %d" % status, ["exit status %d (signal or crash): %s" % (status, run.stderr.decode("utf-8", "replace")[-500:])]
    if status == 2:
        return "exit 2", []
    problems = []
    for name in sorted(os.listdir(out)):
        if name.endswith(TEXT_OUTPUTS):
            data = open(os.path.join(out, name), "rb").read()
            if b"\x00" in data:
                problems.append("%s holds a NUL byte" % name)
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as e:
                problems.append("%s is not UTF-8 (%s)" % (name, e))
    verify = subprocess.run([mmpipe, "audit", "verify", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if verify.returncode != 0:
        problems.append("audit verify failed: " + verify.stdout.decode("utf-8", "replace").strip()[-300:])
    problems += account(upload, out)
    return "exit %d" % status, problems


def account(upload, out):
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    tables = manifest.get("input_tables", {})
    expected, file_tables = expected_rows(upload)
    refused = set()
    with open(os.path.join(out, "findings.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["SEVERITY"] == "ERROR" and row["RULEID"] in FILE_LEVEL:
                name = row["SOURCE"].split(":", 1)[0].split(" ", 1)[0]
                refused.update(file_tables.get(name, []))
                if row["TABLE"]:
                    refused.add(row["TABLE"])
    audited = Counter()
    with open(os.path.join(out, "audit.jsonl"), encoding="utf-8") as f:
        for line in f:
            entry = json.loads(line)
            if entry.get("action") == "reject" and entry.get("rule") != "PHI-001":
                audited[entry.get("table", "")] += 1
    problems = []
    for table in sorted(set(tables) | set(expected)):
        read = tables.get(table, {}).get("read", 0)
        rejected = tables.get(table, {}).get("rejected", 0)
        if rejected > read:
            problems.append("%s: %d rejected of %d read" % (table, rejected, read))
        if table in refused:
            if audited[table] > rejected:
                problems.append("%s: %d audit rejects for %d rejected rows" % (table, audited[table], rejected))
            continue
        if read != expected.get(table, 0):
            problems.append("%s: mmpipe read %d rows, the file holds %d" % (table, read, expected.get(table, 0)))
        if audited[table] != rejected:
            problems.append("%s: %d rows rejected but %d audit reject lines" % (table, rejected, audited[table]))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mutations", type=int, default=200)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--patients", type=int, default=20)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--mmpipe", default=None, help="the mmpipe binary (default: .build/release or .build/debug)")
    ap.add_argument("--keep", default=os.path.join(ROOT, "fuzz-out"), help="where failing cases are kept")
    args = ap.parse_args()
    mmpipe = args.mmpipe or next((p for p in (os.path.join(ROOT, ".build", c, "mmpipe") for c in ("release", "debug"))
                                  if os.path.exists(p)), None)
    if not mmpipe:
        sys.exit("fuzz.py: build mmpipe first (swift build) or give --mmpipe PATH")
    work = os.path.join(args.keep, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    base = os.path.join(work, "base")
    subprocess.run([mmpipe, "synth", "--patients", str(args.patients), "--sites", "2", "--seed", str(args.seed),
                    "--odm-sites", "1", "--out", base], check=True, stdout=subprocess.DEVNULL)
    files = sorted(os.listdir(base))
    rnd = random.Random(args.seed)
    outcomes, failures = Counter(), 0
    for n in range(args.mutations):
        name = files[rnd.randrange(len(files))]
        table = CSV_MUTATIONS if name.endswith(".csv") else ODM_MUTATIONS
        kind = sorted(table)[rnd.randrange(len(table))]
        upload = os.path.join(work, "upload")
        out = os.path.join(work, "out")
        shutil.rmtree(upload, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(base, upload)
        path = os.path.join(upload, name)
        data = open(path, "rb").read()
        open(path, "wb").write(table[kind](data, rnd))
        outcome, problems = check(mmpipe, upload, out, args.timeout)
        outcomes[outcome] += 1
        if problems:
            failures += 1
            case = os.path.join(args.keep, "fail-%03d-%s-%s" % (n, name, kind))
            shutil.rmtree(case, ignore_errors=True)
            shutil.copytree(upload, os.path.join(case, "upload"))
            if os.path.isdir(out):
                shutil.copytree(out, os.path.join(case, "out"))
            print("FAIL %d %s %s (%s):\n  %s" % (n, name, kind, outcome, "\n  ".join(problems)))
    shutil.rmtree(work, ignore_errors=True)
    print("fuzz.py: %d mutations (seed %d), outcomes: %s; %d failing" % (
        args.mutations, args.seed, ", ".join("%s ×%d" % (k, v) for k, v in sorted(outcomes.items())), failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
