import MMModel

extension CourseSimulator {
    /// FISH at diagnosis for about half the patients (seed 000: 54 % evaluable), with
    /// prevalences giving ~25–30 % high risk and ~25 % 1q+; some probes or panels FAILED.
    mutating func writeCytogenetics(_ c: inout PatientCourse) {
        guard rng.chance(0.52) else { return }
        let d = min(c.diagnosis + rng.int(5...25), c.endOfFollowUp)
        let panelFailed = rng.chance(0.04)
        let oneQ = rng.chance(0.28)
        let amp = oneQ && rng.chance(0.3)
        var panel: [(CytoAbnormality, Bool)] = [
            (.del17p, rng.chance(0.10)), (.t4_14, rng.chance(0.13)), (.t14_16, rng.chance(0.04)),
            (.gain1q, oneQ && !amp), (.amp1q, amp), (.del1p32, rng.chance(0.08)),
        ]
        if rng.chance(0.2) { panel.append((.t14_20, rng.chance(0.02))) }
        for (abnormality, detected) in panel {
            let result: CytoResult = panelFailed || rng.chance(0.02) ? .failed : (detected ? .detected : .notDetected)
            c.cytogenetics.append(SynthCytogenetics(day: d, abnormality: abnormality, result: result, method: .fish))
        }
    }

    /// Adverse events per line (seed 000 Table 2: neutropenia, thrombocytopenia, anaemia,
    /// infections; more on IsaPd). Grade ≥ 3 haematological events come with the lab value
    /// that reaches the grade (CTCAE v5, RULES.md 9); grade 5 only at death.
    mutating func writeAdverseEvents(_ c: inout PatientCourse) {
        let last = c.endOfFollowUp
        for plan in lines {
            let index = plan.regimen == indexRegimen
            let end = min(plan.therapyEnd ?? last, last)
            guard end > plan.start else { continue }
            let terms: [(String, Double)] = [("Neutropenia", index ? 0.8 : 0.3), ("Thrombocytopenia", index ? 0.4 : 0.2),
                                             ("Anaemia", index ? 0.4 : 0.2), ("Infection", index ? 0.45 : 0.2),
                                             ("Pneumonia", index ? 0.2 : 0.06)]
            for (term, p) in terms where rng.chance(p) {
                let onset = plan.start + rng.int(0...(end - plan.start))
                var grade = rng.pick([(1, 0.2), (2, 0.35), (3, 0.32), (4, 0.13)])
                if term == "Anaemia" { grade = min(grade, 3) }  // CTCAE v5: Hb < 8 g/dL is grade 3
                let stop = onset + rng.int(3...30)
                let infection = term == "Infection" || term == "Pneumonia"
                c.adverseEvents.append(SynthAdverseEvent(
                    term: term, grade: grade, onset: onset, end: stop <= last ? stop : nil,
                    serious: grade >= 4 || (grade >= 3 && infection),
                    related: rng.pick([(Relatedness.yes, 0.6), (.no, 0.25), (.unknown, 0.15)])))
                if grade >= 3 {
                    switch term {
                    case "Neutropenia":
                        c.labs.append(SynthLab(day: onset, test: .anc,
                                               value: grade == 3 ? rng.uniform(0.5, 0.99) : rng.uniform(0.1, 0.49)))
                    case "Thrombocytopenia":
                        c.labs.append(SynthLab(day: onset, test: .plt,
                                               value: (grade == 3 ? rng.uniform(25, 49) : rng.uniform(8, 24)).rounded()))
                    case "Anaemia":
                        c.labs.append(SynthLab(day: onset, test: .hgb, value: rng.uniform(6.5, 7.9)))
                    default: break
                    }
                }
            }
        }
        if let death = c.death, rng.chance(0.25) {
            let onset = max(lines[lines.count - 1].start, death - rng.int(3...15))
            c.adverseEvents.append(SynthAdverseEvent(term: "Pneumonia", grade: 5, onset: onset, end: death,
                                                     serious: true, related: .unknown))
        }
        c.adverseEvents.sort { $0.onset < $1.onset }
    }
}
