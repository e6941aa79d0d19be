#!/usr/bin/env python3
"""Generates the reader benchmark inputs (not committed): a long-format labs CSV and an
ODM 1.3.2 ClinicalData file of the same rows.

    scripts/gen-bench-inputs.py csv OUT.csv [--rows 6000000]
    scripts/gen-bench-inputs.py odm OUT.xml [--rows 1100000]

Deterministic (fixed seed). Used by scripts/bench-readers.sh.
"""
import argparse
import random

TESTS = [  # test, unit, lln, uln, low, high
    ("SPEP_M", "g/dL", "", "", 0.0, 4.0), ("FLC_K", "mg/L", "3.3", "19.4", 1.0, 900.0),
    ("FLC_L", "mg/L", "5.7", "26.3", 1.0, 400.0), ("HGB", "g/dL", "12.0", "16.0", 7.0, 16.0),
    ("CREAT", "mg/dL", "0.6", "1.2", 0.5, 4.0), ("CA", "mg/dL", "8.5", "10.5", 8.0, 13.0),
    ("B2M", "mg/L", "0.8", "2.4", 1.0, 12.0), ("ALB", "g/dL", "3.5", "5.0", 2.5, 5.0),
    ("LDH", "U/L", "135", "225", 100.0, 600.0), ("PLT", "10^9/L", "150", "400", 20.0, 400.0),
]


def rows(n, seed=7):
    rnd = random.Random(seed)
    per_patient = 60
    for i in range(n):
        p = i // per_patient
        site = "IT-%02d" % (p % 51 + 1)
        day = 1 + (i % per_patient) * 14
        date = "20%02d-%02d-%02d" % (20 + day // 360, 1 + (day // 30) % 12, 1 + day % 28)
        test, unit, lln, uln, lo, hi = TESTS[i % len(TESTS)]
        value = "%.1f" % rnd.uniform(lo, hi)
        yield "P%06d" % p, site, date, test, value, unit, lln, uln


def write_csv(path, n):
    with open(path, "w", newline="") as f:
        f.write("patient_id,site_id,date,test,value,unit,lln,uln\n")
        buf = []
        for r in rows(n):
            buf.append(",".join(r))
            if len(buf) == 10000:
                f.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            f.write("\n".join(buf) + "\n")


def write_odm(path, n):
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Snapshot" '
                'FileOID="BENCH" CreationDateTime="2024-01-01T00:00:00">\n'
                '<ClinicalData StudyOID="S.BENCH" MetaDataVersionOID="MDV.1">\n')
        current = None
        out = []
        for k, (pid, site, date, test, value, unit, lln, uln) in enumerate(rows(n)):
            if pid != current:
                if current is not None:
                    out.append("</FormData></StudyEventData></SubjectData>\n")
                current = pid
                out.append('<SubjectData SubjectKey="%s"><SiteRef LocationOID="%s"/>\n'
                           '<StudyEventData StudyEventOID="SE.FU"><FormData FormOID="F.LABS">\n' % (pid, site))
            out.append('<ItemGroupData ItemGroupOID="IG.LABS" ItemGroupRepeatKey="%d">'
                       '<ItemData ItemOID="IT.DATE" Value="%s"/><ItemData ItemOID="IT.TEST" Value="%s"/>'
                       '<ItemData ItemOID="IT.VALUE" Value="%s"/><ItemData ItemOID="IT.UNIT" Value="%s"/>'
                       '<ItemData ItemOID="IT.LLN" Value="%s"/><ItemData ItemOID="IT.ULN" Value="%s"/>'
                       '</ItemGroupData>\n' % (k + 1, date, test, value, unit, lln, uln))
            if len(out) >= 10000:
                f.write("".join(out))
                out = []
        if current is not None:
            out.append("</FormData></StudyEventData></SubjectData>\n")
        out.append("</ClinicalData>\n</ODM>\n")
        f.write("".join(out))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["csv", "odm"])
    ap.add_argument("out")
    ap.add_argument("--rows", type=int)
    a = ap.parse_args()
    if a.kind == "csv":
        write_csv(a.out, a.rows or 6_000_000)
    else:
        write_odm(a.out, a.rows or 650_000)
