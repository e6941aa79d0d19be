import MMModel

extension CourseSimulator {
    /// `therapies.csv` rows, one per drug: induction → melphalan (CONDITIONING) → ASCT →
    /// lenalidomide MAINTENANCE for transplant patients; continuous therapy to progression
    /// otherwise; `site_line` = the planned line number (RULES.md 3, Rajkumar 2015).
    mutating func writeTherapies(_ c: inout PatientCourse) {
        let last = c.endOfFollowUp
        for plan in lines {
            let r = plan.regimen
            let setting: TherapySetting = plan.number == 1 ? .induction : .salvage
            if plan.transplant || plan.inductionThenMaintenance {
                let cycles = plan.transplant ? 4 : 8  // 4 induction cycles before ASCT; 8 of VRd otherwise
                let inductionEnd = plan.start + cycles * r.cycleDays - 1
                for drug in r.drugs {
                    add(&c, plan, drug: drug, regimen: r.label, start: plan.start, plannedEnd: inductionEnd,
                        setting: .induction, cycleDays: r.cycleDays, last: last)
                }
                var maintenanceStart = inductionEnd + rng.int(7...21)
                if plan.transplant {
                    let asct = inductionEnd + rng.int(35...60)
                    add(&c, plan, drug: "melphalan", regimen: "", start: asct - 2, plannedEnd: asct - 1,
                        setting: .conditioning, cycleDays: 28, last: last)
                    add(&c, plan, drug: "ASCT", regimen: "", start: asct, plannedEnd: asct,
                        setting: .conditioning, cycleDays: nil, last: last)
                    maintenanceStart = asct + rng.int(90...120)
                }
                add(&c, plan, drug: "lenalidomide", regimen: "", start: maintenanceStart, plannedEnd: nil,
                    setting: .maintenance, cycleDays: 28, last: last)
            } else {
                for drug in r.drugs {
                    let capped = drug == "bortezomib" && plan.number > 1
                    add(&c, plan, drug: drug, regimen: r.label, start: plan.start,
                        plannedEnd: capped ? plan.start + Regimens.bortezomibMaxDays - 1 : nil,
                        setting: setting, cycleDays: r.cycleDays, last: last)
                }
            }
        }
    }

    /// One exposure: a planned end that comes before the line's end is `COMPLETED`; otherwise
    /// the row ends with the line (progression, toxicity, death, or ongoing at follow-up).
    private func add(_ c: inout PatientCourse, _ plan: LinePlan, drug: String, regimen: String, start: Day,
                     plannedEnd: Day?, setting: TherapySetting, cycleDays: Int?, last: Day) {
        let limit = plan.therapyEnd ?? last
        guard start <= limit else { return }
        var end = plan.therapyEnd
        var stop = plan.stop
        if let pe = plannedEnd, pe < limit {
            end = pe
            stop = .completed
        }
        let cycles = cycleDays.map { max(1, ((end ?? last) - start + $0) / $0) }
        c.therapies.append(SynthTherapy(drug: drug, regimen: regimen, start: start, end: end, stop: stop,
                                        setting: setting, cycles: cycles, line: plan.number))
    }
}
