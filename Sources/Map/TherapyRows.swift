import MMModel

extension RowReader {
    /// A `therapies` row (SPEC 4.1, RULES.md 3 step 1): `drug` (canonical ingredient via the
    /// drug dictionary; `ASCT`/`ALLO_SCT` transplants) or `regimen` (expanded to one exposure
    /// per drug of the regimen dictionary), or both — then the drug must belong to the regimen,
    /// else `LOT-002`. Neither → `SCH-009`; unknown → `SCH-007`.
    mutating func mapTherapy(into batch: inout RecordBatch, log: inout StageLog) {
        let start = date(.startDate, required: true, log: &log)
        let drugField = plan[.drug], regimenField = plan[.regimen]
        let drugBytes = bytes(drugField), regimenBytes = bytes(regimenField)
        let dictionaries = context.dictionaries
        var drug: DrugEntry? = nil
        var regimen: RegimenEntry? = nil
        if drugBytes.isEmpty && regimenBytes.isEmpty {
            report(.SCH009, drugField, "\(source): the therapy row has neither '\(drugField.source)' nor '\(regimenField.source)'; the row was not used — fill in the drug or the regimen label.",
                   rejects: true, log: &log, value: "")
        }
        if !drugBytes.isEmpty {
            drug = dictionaries.drug(bytes: drugBytes)
            if drug == nil {
                report(.SCH007, drugField, "\(at(drugField)): '\(text(drugField))' is not in the drug dictionary; the row was not used — use the drug's generic name (e.g. daratumumab) or add the synonym to schemas/drugs.yaml.",
                       rejects: true, log: &log)
            }
        }
        if !regimenBytes.isEmpty {
            regimen = dictionaries.regimen(bytes: regimenBytes)
            if regimen == nil {
                // With a known drug the row is still usable; the label alone is unusable.
                let rejects = drugBytes.isEmpty
                report(.SCH007, regimenField, "\(at(regimenField)): '\(text(regimenField))' is not in the regimen dictionary; \(rejects ? "the row was not used" : "the label was left empty and the drug kept") — use a known label (e.g. IsaPd, DRd, VRd) or give one row per drug.",
                       rejects: rejects, log: &log)
            }
        }
        let end = date(.endDate, required: false, log: &log)
        let stopReason = code(.stopReason, CodeLists.stopReason, log: &log)
        let setting = code(.setting, CodeLists.setting, log: &log)
        let cycles = number(.cycles, what: " cycles", log: &log)
        let siteLine = number(.siteLine, what: " (line 1 or more)", log: &log).map { Int($0) }
        guard let start, !rejected else { return }

        func exposure(_ name: String, _ classes: Set<DrugClass>) -> TherapyExposure {
            TherapyExposure(key: key, drug: name, classes: classes, regimenLabel: regimen?.label, start: start, end: end,
                            stopReason: stopReason, setting: setting, cycles: cycles, siteLine: siteLine,
                            provenance: provenance)
        }
        if let drug {
            if let regimen, !regimen.drugs.contains(drug.name) {
                report(.LOT002, regimenField, "\(source): the drug '\(text(drugField))' (\(drug.name)) is not part of the regimen '\(text(regimenField))' (\(regimen.drugs.joined(separator: ", "))); the drug was kept — correct the regimen label or the drug.",
                       rejects: false, log: &log, value: text(regimenField))
            }
            batch.therapies.append(exposure(drug.name, drug.classes))
        } else if let regimen {
            for name in regimen.drugs {
                batch.therapies.append(exposure(name, dictionaries.classes(of: name)))
            }
        }
    }
}
