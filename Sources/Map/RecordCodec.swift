import MMModel

/// The compact byte form of canonical records, for the patient partitions of a streaming run
/// (SPEC 8: memory). A `LabResult` is 152 bytes as a struct; here a typical lab row takes
/// ~40 bytes (strings length-prefixed, integers as varints, codes as their case index), so a
/// partition held in memory or spilled to a temporary file costs about what its CSV did.
///
/// Hot path (every mapped row is encoded once and decoded once): bytes, no `Codable`.
public enum RecordCodec {
    /// Table tags in the stream.
    enum Tag: UInt8 { case patient = 1, lab, cytogenetics, therapy, assessment, adverseEvent }

    /// Appends every record of `batch` to `out`, table by table (the order within a table is kept).
    public static func encode(_ batch: RecordBatch, into out: inout [UInt8]) {
        var w = ByteWriter(bytes: out)
        out = []
        for r in batch.patients { w.patient(r) }
        for r in batch.labs { w.lab(r) }
        for r in batch.cytogenetics { w.cytogenetics(r) }
        for r in batch.therapies { w.therapy(r) }
        for r in batch.assessments { w.assessment(r) }
        for r in batch.adverseEvents { w.adverseEvent(r) }
        out = w.bytes
    }

    /// Appends the records encoded in `bytes` to `batch`, each to its table, in order, except
    /// exact copies: a row whose content (everything but its provenance) is the same bytes as an
    /// earlier row's of the same read is not decoded but listed by `copies` (`DUP-002`).
    /// The bytes are this codec's own (never input from outside the run).
    public static func decode(_ bytes: UnsafeRawBufferPointer, into batch: inout RecordBatch, copies: inout CopyFinder) {
        var r = ByteReader(bytes)
        while !r.atEnd {
            guard let tag = Tag(rawValue: r.byte()) else { preconditionFailure("RecordCodec: corrupt partition data") }
            let length = Int(r.varint())
            switch tag {
            case .patient: batch.patients.append(r.patient())
            case .lab: copies.take(tag, length, &r, into: &batch.labs, \.labs) { $0.lab() }
            case .cytogenetics: copies.take(tag, length, &r, into: &batch.cytogenetics, \.cytogenetics) { $0.cytogenetics() }
            case .therapy: copies.take(tag, length, &r, into: &batch.therapies, \.therapies) { $0.therapy() }
            case .assessment: copies.take(tag, length, &r, into: &batch.assessments, \.assessments) { $0.assessment() }
            case .adverseEvent: copies.take(tag, length, &r, into: &batch.adverseEvents, \.adverseEvents) { $0.adverseEvent() }
            }
        }
    }

    /// `batch` as a partition read gives it back: each table's rows in order, exact copies set
    /// aside in `copies` (whole-cohort reads: `loadRecords`, `mmpipe explain`).
    public static func foldingCopies(_ batch: RecordBatch, spillDirectory: String? = nil) -> RecordBatch {
        var bytes: [UInt8] = []
        encode(batch, into: &bytes)
        var out = RecordBatch()
        var finder = CopyFinder(spillDirectory: spillDirectory)
        bytes.withUnsafeBytes { decode($0, into: &out, copies: &finder) }
        finder.finish(into: &out)
        return out
    }
}

extension ByteWriter {
    /// Starts a record: its tag, then room for the length of its content (key and values,
    /// everything but the provenance), filled in by `end`.
    mutating func begin(_ tag: RecordCodec.Tag) -> Int {
        bytes.append(tag.rawValue)
        bytes.append(0)
        return bytes.count
    }

    /// Writes the length of the content begun at `start` (one byte below 128, else a varint).
    mutating func end(_ start: Int) {
        let length = bytes.count - start
        if length < 0x80 {
            bytes[start - 1] = UInt8(length)
            return
        }
        var prefix = ByteWriter()
        prefix.varint(UInt64(length))
        bytes.replaceSubrange(start - 1..<start, with: prefix.bytes)
    }

    mutating func key(_ k: PatientKey) {
        string(k.site)
        string(k.patientID)
    }

    mutating func provenance(_ p: Provenance) {
        string(p.file)
        int(p.line)
        optString(p.xmlPath)
    }

    mutating func patient(_ r: Patient) {
        let content = begin(.patient)
        key(r.key)
        code(r.sex)
        optDay(r.birthDate)
        optDay(r.diagnosisDate)
        code(r.heavyChain)
        code(r.lightChain)
        optInt(r.ecog)
        optDouble(r.weightKg)
        optDouble(r.heightCm)
        optDay(r.deathDate)
        optDay(r.lastContactDate)
        optString(r.reportedISS)
        optString(r.reportedRISS)
        optBool(r.extramedullary)
        end(content)
        provenance(r.provenance)
    }

    mutating func lab(_ r: LabResult) {
        let content = begin(.lab)
        key(r.key)
        day(r.date)
        code(r.test)
        switch r.value {
        case .number(let v): bytes.append(0); double(v)
        case .belowDetection(let v): bytes.append(1); double(v)
        case .positive: bytes.append(2)
        case .negative: bytes.append(3)
        }
        optDouble(r.lln)
        optDouble(r.uln)
        optString(r.mrdSensitivity)
        bytes.append(r.excludedFromDerivation ? 1 : 0)
        end(content)
        provenance(r.provenance)
    }

    mutating func cytogenetics(_ r: CytogeneticResult) {
        let content = begin(.cytogenetics)
        key(r.key)
        day(r.date)
        code(r.abnormality)
        code(r.result)
        code(r.method)
        end(content)
        provenance(r.provenance)
    }

    mutating func therapy(_ r: TherapyExposure) {
        let content = begin(.therapy)
        key(r.key)
        string(r.drug)
        codeSet(r.classes)
        optString(r.regimenLabel)
        day(r.start)
        optDay(r.end)
        code(r.stopReason)
        bytes.append(r.endNotUsable ? 1 : 0)
        code(r.setting)
        optDouble(r.cycles)
        optInt(r.siteLine)
        end(content)
        provenance(r.provenance)
    }

    mutating func assessment(_ r: Assessment) {
        let content = begin(.assessment)
        key(r.key)
        day(r.date)
        code(r.response)
        code(r.progressionType)
        optBool(r.newLesion)
        optBool(r.plasmacytoma)
        codeSet(r.crab)
        end(content)
        provenance(r.provenance)
    }

    mutating func adverseEvent(_ r: AdverseEvent) {
        let content = begin(.adverseEvent)
        key(r.key)
        string(r.term)
        optInt(r.grade)
        optDay(r.onsetDate)
        optDay(r.endDate)
        optBool(r.serious)
        code(r.related)
        end(content)
        provenance(r.provenance)
    }
}

extension ByteReader {
    mutating func key() -> PatientKey {
        let site = string()
        return PatientKey(site: site, patientID: string())
    }

    mutating func provenance() -> Provenance {
        let file = string()
        let line = int()
        return Provenance(file: file, line: line, xmlPath: optString())
    }

    mutating func patient() -> Patient {
        var r = Patient(key: key(), provenance: Provenance(file: "", line: 0))
        r.sex = code()
        r.birthDate = optDay()
        r.diagnosisDate = optDay()
        r.heavyChain = code()
        r.lightChain = code()
        r.ecog = optInt()
        r.weightKg = optDouble()
        r.heightCm = optDouble()
        r.deathDate = optDay()
        r.lastContactDate = optDay()
        r.reportedISS = optString()
        r.reportedRISS = optString()
        r.extramedullary = optBool()
        r.provenance = provenance()
        return r
    }

    mutating func lab() -> LabResult {
        let k = key()
        let date = day()
        let test: LabTest = code()!
        let value: LabValue
        switch byte() {
        case 0: value = .number(double())
        case 1: value = .belowDetection(double())
        case 2: value = .positive
        default: value = .negative
        }
        let lln = optDouble(), uln = optDouble(), mrd = optString()
        let excluded = byte() == 1
        return LabResult(key: k, date: date, test: test, value: value, lln: lln, uln: uln, mrdSensitivity: mrd,
                         excludedFromDerivation: excluded, provenance: provenance())
    }

    mutating func cytogenetics() -> CytogeneticResult {
        let k = key()
        let date = day()
        let abnormality: CytoAbnormality = code()!
        let result: CytoResult = code()!
        let method: CytoMethod? = code()
        return CytogeneticResult(key: k, date: date, abnormality: abnormality, result: result, method: method,
                                 provenance: provenance())
    }

    mutating func therapy() -> TherapyExposure {
        let k = key()
        let drug = string()
        let classes: Set<DrugClass> = codeSet()
        let label = optString()
        let start = day()
        let end = optDay()
        let stop: StopReason? = code()
        let endNotUsable = byte() == 1
        let setting: TherapySetting? = code()
        let cycles = optDouble()
        let siteLine = optInt()
        var r = TherapyExposure(key: k, drug: drug, classes: classes, regimenLabel: label, start: start, end: end,
                                stopReason: stop, setting: setting, cycles: cycles, siteLine: siteLine,
                                provenance: provenance())
        r.endNotUsable = endNotUsable
        return r
    }

    mutating func assessment() -> Assessment {
        let k = key()
        let date = day()
        let response: ResponseCategory? = code()
        let progression: ProgressionType? = code()
        let newLesion = optBool(), plasmacytoma = optBool()
        let crab: Set<CRABFeature> = codeSet()
        return Assessment(key: k, date: date, response: response, progressionType: progression, newLesion: newLesion,
                          plasmacytoma: plasmacytoma, crab: crab, provenance: provenance())
    }

    mutating func adverseEvent() -> AdverseEvent {
        let k = key()
        let term = string()
        let grade = optInt()
        let onset = optDay(), end = optDay()
        let serious = optBool()
        let related: Relatedness? = code()
        return AdverseEvent(key: k, term: term, grade: grade, onsetDate: onset, endDate: end, serious: serious,
                            related: related, provenance: provenance())
    }
}
