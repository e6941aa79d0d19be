import Foundation
import MMDerive

extension Explanation {
    /// `--format json`: the whole trace, keys sorted (same inputs → same bytes).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `--format text`: the trace for a person, section by section, each step with its RULES.md section.
    public func text() -> String {
        var out: [String] = []
        let t = trace
        out.append("Patient \(usubjid ?? "(USUBJID: no study key set)") of site \(siteID) — derivation trace by \(t.rules)")
        if let p = t.population { out.append("Analysis population: \(p.value) — \(p.because) [\(p.rule)]") }

        if !t.lines.isEmpty { out.append("\nLines of therapy [RULES.md 3]") }
        for l in t.lines {
            out.append("  Line \(l.line)\(l.index ? " (index)" : ""): \(l.start)..\(l.end ?? "ongoing") \(l.regimen)")
            out.append("    started (\(l.startReason)): \(l.whyStarted)")
            out.append("    ended\(l.endReason.map { " (\($0))" } ?? ""): \(l.whyEnded)")
            for r in l.rows { out.append("    row \(r.source ?? "?"): \(r.what)") }
        }
        if !t.index.isEmpty { out.append("\nIndex") }
        for s in t.index { out.append(Self.step(s)) }

        if !t.responses.isEmpty { out.append("\nResponse per line [RULES.md 2]") }
        for r in t.responses {
            out.append("  Line \(r.line): measurable disease \(r.measurable); BOR \(r.bor)"
                + (r.borDate.map { " on \($0)" } ?? "") + (r.borSource.map { " (\($0))" } ?? "")
                + "; progression \(r.progression ?? "none")")
            out.append("    baseline: \(r.baseline.isEmpty ? "no response labs in the window" : r.baseline.joined(separator: ", "))")
            for a in r.assessments {
                var s = "    \(a.date): \(a.values.isEmpty ? "no labs" : a.values.joined(separator: ", "))"
                if !a.nadir.isEmpty { s += "; nadir \(a.nadir.joined(separator: ", "))" }
                s += "; computed \(a.computed ?? "-"), reported \(a.reported ?? "-"), used \(a.used ?? "-")"
                s += "; confirmed \(a.confirmed ?? "-")" + (a.confirmedWith.map { " with \($0)" } ?? "")
                if let row = a.siteRow { s += "; site row \(row)" }
                out.append(s)
            }
        }

        if !t.drugs.isEmpty { out.append("\nExposure and refractoriness at index [RULES.md 4]") }
        for d in t.drugs {
            out.append("  \(d.drug) (\(d.classes.joined(separator: "+"))): last dose before index \(d.lastDoseBeforeIndex ?? "none"); refractory \(d.refractory ? "Y" : "N")")
            for e in d.evidence { out.append("    \(e)") }
        }
        for s in t.refractoriness { out.append(Self.step(s)) }

        for (title, steps) in [("Baseline labs", t.baselineLabs), ("Cytogenetics", t.cytogenetics),
                               ("Staging", t.staging), ("Renal function", t.renal)] where !steps.isEmpty {
            out.append("\n\(title)")
            for s in steps { out.append(Self.step(s)) }
        }
        if let d = t.diseaseStatus {
            out.append("\nDisease status at index")
            out.append(Self.step(d))
        }
        if !t.endpoints.isEmpty { out.append("\nEndpoints [RULES.md 8]") }
        for s in t.endpoints { out.append(Self.step(s)) }
        if !findings.isEmpty {
            out.append("\nFindings on this patient's rows")
            for f in findings { out.append("  \(f)") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func step(_ s: TraceStep) -> String {
        var lines = ["  \(s.variable) = \(s.value.isEmpty ? "(empty)" : s.value): \(s.because) [\(s.rule)]"]
        for e in s.evidence {
            lines.append("    \(e.source ?? "-")\(e.date.map { " \($0)" } ?? ""): \(e.what)")
        }
        return lines.joined(separator: "\n")
    }
}
