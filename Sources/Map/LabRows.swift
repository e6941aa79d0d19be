import MMModel

extension RowReader {
    /// A `labs` row (SPEC 4.1, RULES.md 1): test code (synonyms accepted, `SCH-008`), a number
    /// in one of the test's units converted to the canonical unit (`normalize` audit entry), a
    /// `<x` below the detection limit, or `POS`/`NEG` for the qualitative tests (MRD's `unit`
    /// holds its sensitivity). A magnitude that betrays another unit is handled by
    /// `units.unit_mismatch` (`UNIT-002`/`003`/`004`); an unknown unit is `UNIT-001`, a number
    /// without unit `UNIT-005`.
    mutating func mapLab(into batch: inout RecordBatch, log: inout StageLog) {
        guard let (test, date, raw) = labTestDateValue(log: &log) else { return }
        if test.isQualitative {
            mapQualitative(test, date: date, raw: raw, into: &batch, log: &log)
            return
        }
        guard let (x, below) = labNumber(raw, test: test, log: &log),
              let units = context.dictionaries.units(of: test),
              possible(x, units: units, log: &log),
              let unitIndex = labUnitIndex(test, units: units, log: &log) else { return }

        // Plausibility (RULES.md 1): a magnitude that betrays another unit.
        var excluded = false
        let labelled = units.units[unitIndex]
        if !below, let limit = labelled.implausible.first(where: { $0.isImplausible(x) }) {
            guard unitMismatch(x, test: test, date: date, units: units, labelled: labelled, limit: limit,
                               into: &batch, log: &log) else { return }
            excluded = true
        }

        let canonical = labelled.toCanonical.apply(x)
        if !excluded, aboveMaximum(canonical, units: units, log: &log) { return }
        if unitIndex != 0 {
            // One conversion of one test in one file, applied alike to its rows: one tallied
            // `normalize` line (SPEC 7), not one per row.
            let valueField = plan[.value]
            log.tally(TallyKey(file: provenance.file, table: table.rawValue, field: valueField.source,
                               rule: "RULES.md 1", subject: test.rawValue, from: labelled.unit), at: provenance) {
                AuditEntry(action: .normalize, key: nil, table: table.rawValue, field: valueField.source,
                           before: "\(test.rawValue) in \(labelled.unit)",
                           after: "\(test.rawValue) in \(units.units[0].unit) (\(Self.describe(labelled.toCanonical)))",
                           rule: "RULES.md 1")
            }
        }
        var result = LabResult(key: key, date: date, test: test, value: below ? .belowDetection(canonical) : .number(canonical),
                               excludedFromDerivation: excluded, provenance: provenance)
        limits(into: &result, unit: labelled, log: &log)
        batch.labs.append(result)
    }

    /// The row's date, test (`SCH-008` when unknown) and raw value; nil when one is missing or
    /// unknown (each reported) or the row is already rejected.
    private mutating func labTestDateValue(log: inout StageLog) -> (LabTest, Day, ArraySlice<UInt8>)? {
        let date = self.date(.date, required: true, log: &log)
        let testField = plan[.test]
        let testBytes = bytes(testField)
        var test: LabTest? = nil
        if testBytes.isEmpty {
            missing(testField, rejects: true, log: &log)
        } else if let t = context.dictionaries.labTest(bytes: testBytes) {
            test = t
        } else {
            report(.SCH008, testField, "\(at(testField)): '\(text(testField))' is not a known lab test; the row was not used — use one of \(LabTest.allCases.map(\.rawValue).joined(separator: ", ")) (or map the code in the pipeline file).",
                   rejects: true, log: &log)
        }
        let valueField = plan[.value]
        let raw = bytes(valueField)
        if raw.isEmpty { missing(valueField, rejects: true, log: &log) }
        guard let test, let date, !raw.isEmpty, !rejected else { return nil }
        return (test, date, raw)
    }

    /// A qualitative test's `POS`/`NEG` (`SCH-004` otherwise); MRD's `unit` holds its sensitivity.
    private mutating func mapQualitative(_ test: LabTest, date: Day, raw: ArraySlice<UInt8>,
                                         into batch: inout RecordBatch, log: inout StageLog) {
        guard let positive = CodeLists.qualitative[raw] ?? CodeLists.signResult(raw) else {
            let valueField = plan[.value]
            report(.SCH004, valueField, "\(at(valueField)): '\(text(valueField))' is not a result of \(test.rawValue); the row was not used — enter POS or NEG.",
                   rejects: true, log: &log)
            return
        }
        let unitText = text(plan[.unit])
        batch.labs.append(LabResult(key: key, date: date, test: test, value: positive ? .positive : .negative,
                                    mrdSensitivity: test == .mrd && !unitText.isEmpty ? unitText : nil,
                                    provenance: provenance))
    }

    /// The number of a value, and whether it was written `<x` (below the detection limit x);
    /// nil (`SCH-002`) when it is no number.
    private mutating func labNumber(_ raw: ArraySlice<UInt8>, test: LabTest, log: inout StageLog) -> (Double, Bool)? {
        let below = raw.first == UInt8(ascii: "<")
        guard let x = ByteNumber.parse(below ? Self.trim(raw.dropFirst()) : raw) else {
            let valueField = plan[.value]
            report(.SCH002, valueField, "\(at(valueField)): '\(text(valueField))' is not a number for \(test.rawValue); the row was not used — enter the number alone (decimal point or comma, '<x' below detection), the unit in its own column.",
                   rejects: true, log: &log)
            return nil
        }
        return (x, below)
    }

    /// False (`SCH-005`, the row rejected) for a value below 0.
    private mutating func possible(_ x: Double, units: LabTestUnits, log: inout StageLog) -> Bool {
        guard !(x >= 0) else { return true }
        let valueField = plan[.value]
        report(.SCH005, valueField, "\(at(valueField)): \(text(valueField)) is outside the possible range of \(units.test.rawValue) (\(Self.possibleRange(units))); the row was not used — correct the value.",
               rejects: true, log: &log)
        return false
    }

    /// The index of the row's unit among the test's; nil for an unknown unit (`UNIT-001`) or a
    /// missing one (`UNIT-005`) unless the test has a single unit (BMPC %, LDH U/L cannot be ambiguous).
    private mutating func labUnitIndex(_ test: LabTest, units: LabTestUnits, log: inout StageLog) -> Int? {
        let unitField = plan[.unit]
        let unitBytes = bytes(unitField)
        if unitBytes.isEmpty {
            guard units.units.count == 1 else {
                report(.UNIT005, unitField, "\(source), field '\(unitField.source)': the \(test.rawValue) value \(text(plan[.value])) has no unit; the row was not used — enter the unit the laboratory reported (\(units.units.map(\.unit).joined(separator: ", "))).",
                       rejects: true, log: &log, value: "")
                return nil
            }
            return 0
        }
        if let i = units.unitIndex(bytes: unitBytes) { return i }
        report(.UNIT001, unitField, "\(at(unitField)): '\(text(unitField))' is not an accepted unit of \(test.rawValue); the row was not used — use one of \(units.units.map(\.unit).joined(separator: ", ")).",
               rejects: true, log: &log)
        return nil
    }

    /// A magnitude implausible in the labelled unit and evident in another (RULES.md 1), handled
    /// as `units.unit_mismatch` says: `correct` (`UNIT-002`: the row is read in the evident unit
    /// and appended here), `exclude` (`UNIT-003`: kept, used by no derivation) or `reject`
    /// (`UNIT-004`). True when the caller goes on with the row as written (excluded).
    private mutating func unitMismatch(_ x: Double, test: LabTest, date: Day, units: LabTestUnits, labelled: LabUnit,
                                       limit: PlausibilityLimit, into batch: inout RecordBatch, log: inout StageLog) -> Bool {
        let valueField = plan[.value], unitField = plan[.unit]
        let evident = units.units[limit.evidentUnit]
        let relation = limit.side == .below ? "below \(Self.format(limit.limit))" : "above \(Self.format(limit.limit))"
        let shownValue = "\(text(valueField)) \(text(unitField))"
        switch context.options.units.unitMismatch {
        case .correct:
            let corrected = evident.toCanonical.apply(x)
            let canonical = units.units[0].unit
            // The canonical equivalent only when it differs from the evident unit ("11.1 g/dL
            // (= 11.1 g/dL)" says nothing).
            let converted = evident.unit == canonical ? "" : " (= \(Self.format(corrected)) \(canonical))"
            report(.UNIT002, unitField, "\(source), field '\(unitField.source)': \(test.rawValue) \(shownValue) is implausible in \(labelled.unit) (\(relation)) and was read as \(Self.format(x)) \(evident.unit)\(converted) — check the unit and correct the CRF.",
                   rejects: false, log: &log, value: shownValue)
            log.record(AuditEntry(action: .correct, key: key, table: table.rawValue, source: source, field: valueField.source,
                                  before: "\(Self.format(x)) \(labelled.unit)", after: "\(Self.format(corrected)) \(canonical)",
                                  rule: .catalogue(.UNIT002)))
            if aboveMaximum(corrected, units: units, log: &log) { return false }
            var result = LabResult(key: key, date: date, test: test, value: .number(corrected), provenance: provenance)
            limits(into: &result, unit: evident, log: &log)
            batch.labs.append(result)
            return false
        case .exclude:
            // Kept as written but read in the evident unit for the possible maximum.
            if aboveMaximum(evident.toCanonical.apply(x), units: units, log: &log) { return false }
            report(.UNIT003, unitField, "\(source), field '\(unitField.source)': \(test.rawValue) \(shownValue) is implausible in \(labelled.unit) (\(relation); evidently \(evident.unit)); the value is kept but used by no derivation — check the unit and correct the CRF.",
                   rejects: false, log: &log, value: shownValue)
            return true
        case .reject:
            report(.UNIT004, unitField, "\(source), field '\(unitField.source)': \(test.rawValue) \(shownValue) is implausible in \(labelled.unit) (\(relation); evidently \(evident.unit)); the row was not used (units.unit_mismatch: reject) — check the unit and correct the CRF.",
                   rejects: true, log: &log, value: shownValue)
            return false
        }
    }

    /// The possible range of a test's values, in its canonical unit (`0–30 g/dL`, `0 or more`).
    static func possibleRange(_ units: LabTestUnits) -> String {
        guard let maximum = units.maximum else { return "0 or more" }
        return "0–\(format(maximum))" + (units.canonical.map { " \($0.unit)" } ?? "")
    }

    /// `SCH-005` (the row rejected) when `canonical`, the value in the test's canonical unit,
    /// is above the test's possible maximum (issue 18.8: HGB 1e308 is no measurement).
    mutating func aboveMaximum(_ canonical: Double, units: LabTestUnits, log: inout StageLog) -> Bool {
        guard let maximum = units.maximum, !(canonical <= maximum) else { return false }
        let valueField = plan[.value]
        let unitText = text(plan[.unit])
        let shown = unitText.isEmpty ? text(valueField) : "\(text(valueField)) \(unitText)"
        report(.SCH005, valueField, "\(at(valueField)): \(units.test.rawValue) \(shown) is outside the possible range of \(units.test.rawValue) (\(Self.possibleRange(units))); the row was not used — correct the value or its unit.",
               rejects: true, log: &log)
        return true
    }

    /// A conversion as RULES.md 1 writes it (`× 0.1`, `÷ 88.4`).
    static func describe(_ c: UnitConversion) -> String {
        switch c {
        case .identity: return "= 1"
        case .multiply(let f): return "× " + format(f)
        case .divide(let f): return "÷ " + format(f)
        }
    }

    /// The lab's reference limits `lln`/`uln`, in the row's unit, converted like the value.
    mutating func limits(into result: inout LabResult, unit: LabUnit, log: inout StageLog) {
        if let v = number(.lln, log: &log) { result.lln = unit.toCanonical.apply(v) }
        if let v = number(.uln, log: &log) { result.uln = unit.toCanonical.apply(v) }
    }
}
