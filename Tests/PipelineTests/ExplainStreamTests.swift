import Foundation
import MMEmit
import MMIngest
import MMMap
import MMModel
import MMSynth
import Testing
@testable import MMPipeline

/// `mmpipe explain` reads the inputs without holding them (SPEC 3; SPEC 8, memory; issue 13):
/// each row is recognised by its key fields before it is mapped, and only the asked patient's
/// rows are mapped. What it keeps must be exactly what mapping every row and then keeping the
/// patient's rows and findings gives (the explanation is byte-identical to before).
@Suite("mmpipe explain maps only the asked patient's rows")
struct ExplainStreamTests {
    /// What explain keeps of one file, in comparable form.
    struct Kept: Equatable {
        var patients: [Patient], labs: [LabResult], cytogenetics: [CytogeneticResult]
        var therapies: [TherapyExposure], assessments: [Assessment], adverseEvents: [AdverseEvent]
        var findings: [Finding]
        var readRows: [String: Int]

        init(_ batch: RecordBatch, _ log: StageLog, target: Target) {
            patients = batch.patients
            labs = batch.labs
            cytogenetics = batch.cytogenetics
            therapies = batch.therapies
            assessments = batch.assessments
            adverseEvents = batch.adverseEvents
            findings = log.findings.filter(target.names)
            readRows = log.readRows
        }
    }

    /// Reads one file as `run` does (every row mapped), or as `explain` does (`selector`).
    static func ingest(_ file: InputFile, pipeline: PipelineFile, chunkRows: Int?, selector: RowSelector?)
        -> (batch: RecordBatch, log: StageLog, selector: RowSelector?) {
        let limits = ReadLimits(maxFieldBytes: pipeline.options.input.maxFieldBytes)
        var selector = selector
        let select: ((RawRow, TableMapper) -> Bool)? = selector == nil ? nil : { selector!.selects($0, mapper: $1) }
        let (_, batch, log) = PipelineRunner.ingest(file, limits: limits, mapper: RecordMapper(pipeline: pipeline),
                                                    chunkRows: chunkRows, select: select)
        return (batch, log, selector)
    }

    /// Every input file under `folder`, each read whole, then for a few of its patients (by
    /// SITEID/SUBJID and by USUBJID) read again keeping only that patient.
    static func check(_ folder: URL, pipeline: PipelineFile, targets: Int = 4) throws -> (files: Int, othersNamed: Int) {
        let key: [UInt8] = Array("test-key".utf8)
        let pseudonyms = Pseudonymizer(studyID: pipeline.options.studyID, key: key)
        var othersNamed = 0
        let files = try InputDiscovery.discover([folder.path])
        for file in files {
            let full = Self.ingest(file, pipeline: pipeline, chunkRows: RowChunk.rows, selector: nil)
            let b = full.batch
            var keys = Set(b.patients.map(\.key) + b.labs.map(\.key) + b.therapies.map(\.key))
            keys.formUnion(b.assessments.map(\.key) + b.cytogenetics.map(\.key) + b.adverseEvents.map(\.key))
            let sortedKeys = keys.sorted()
            #expect(!keys.isEmpty, "\(file.name)")
            let step = max(1, sortedKeys.count / targets)
            for patient in stride(from: 0, to: sortedKeys.count, by: step).map({ sortedKeys[$0] }) {
                for asked in ["\(patient.site)/\(patient.patientID)", pseudonyms.usubjid(patient)] {
                    let target = try Target(asked, studyID: pipeline.options.studyID, key: key)
                    let expected = Kept(full.batch.only(patient), full.log, target: target)
                    othersNamed += full.log.findings.filter {
                        !$0.subjectID.isEmpty && !target.names($0) && $0.rule.family != "ING"
                    }.count
                    for chunkRows in [nil, 3, RowChunk.rows] {
                        let read = Self.ingest(file, pipeline: pipeline, chunkRows: chunkRows,
                                               selector: RowSelector(target: target))
                        #expect(Kept(read.batch, read.log, target: target) == expected, "\(file.name) \(asked) \(chunkRows ?? 0)")
                        #expect(read.batch.count == full.batch.only(patient).count, "only the patient's records: \(file.name) \(asked)")
                        // No other patient's row was mapped: the only findings naming another patient
                        // are the reader's (a ragged row), raised before any row is mapped.
                        let others = read.log.findings.filter { !$0.subjectID.isEmpty && !target.names($0) }
                        #expect(others.allSatisfy { $0.rule.family == "ING" }, "\(file.name) \(asked): \(others.map(\.rule.id))")
                    }
                }
            }
        }
        return (files.count, othersNamed)
    }

    @Test("An upload with errors, CSV and ODM: the patient's records and findings, nothing mapped of the others'")
    func sameAsMappingEveryRow() throws {
        let dir = try temporaryFolder()
        let pipeline = try PipelineFile.load(path: referencePipeline)
        let csv = dir.appendingPathComponent("csv"), odm = dir.appendingPathComponent("odm")
        _ = try CohortGenerator().generate(SynthOptions(patients: 40, sites: 3, seed: 11, errorRate: 0.3,
                                                        outDirectory: csv.path))
        _ = try CohortGenerator().generate(SynthOptions(patients: 20, sites: 2, seed: 5, format: .odm, errorRate: 0.3,
                                                        outDirectory: odm.path))
        let fromCSV = try Self.check(csv, pipeline: pipeline)
        let fromODM = try Self.check(odm, pipeline: pipeline)
        #expect(fromCSV.files >= 6 && fromODM.files == 2, "\(fromCSV.files) \(fromODM.files)")
        // Mapping every row raises findings on other patients' rows: explain has none of them.
        #expect(fromCSV.othersNamed > 0 && fromODM.othersNamed > 0)
    }

    @Test("Rows in any order (a labs file sorted by date): the same rows kept")
    func shuffledRows() throws {
        let dir = try temporaryFolder()
        let pipeline = try PipelineFile.load(path: referencePipeline)
        let input = dir.appendingPathComponent("in")
        _ = try CohortGenerator().generate(SynthOptions(patients: 30, sites: 2, seed: 3, errorRate: 0.2,
                                                        outDirectory: input.path))
        for name in try FileManager.default.contentsOfDirectory(atPath: input.path) where name.hasSuffix(".csv") {
            let url = input.appendingPathComponent(name)
            var lines = try Data(contentsOf: url).split(separator: UInt8(ascii: "\n")).map { [UInt8]($0) }
            let header = lines.removeFirst()
            // By the date column (the third), then by the line: patients interleave row by row.
            func date(_ line: [UInt8]) -> [UInt8] {
                Array(line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).dropFirst(2).first ?? [])
            }
            let sorted = lines.enumerated().sorted { a, b in
                let (da, db) = (date(a.element), date(b.element))
                return da.lexicographicallyPrecedes(db) || (da == db && a.offset < b.offset)
            }.map(\.element)
            try Data(([header] + sorted).joined(separator: [UInt8(ascii: "\n")]) + [UInt8(ascii: "\n")]).write(to: url)
        }
        #expect(try Self.check(input, pipeline: pipeline).othersNamed > 0)
    }

    @Test("A REDCap flat export (one plan per instrument): the patient's rows")
    func flatExport() throws {
        let dir = try temporaryFolder()
        let fixture = repositoryRoot.appendingPathComponent("Tests/MapTests/Fixtures/redcap/MMRWE_DATA_2024-07-01.csv")
        try FileManager.default.copyItem(at: fixture, to: dir.appendingPathComponent(fixture.lastPathComponent))
        let pipeline = try PipelineFile.load(path: repositoryRoot.appendingPathComponent("pipelines/redcap-example.yaml").path)
        #expect(try Self.check(dir, pipeline: pipeline, targets: 5).files == 1)
    }

    @Test("A patient's key is judged once per run of his rows, not once per row (a USUBJID: one pseudonym)")
    func oneJudgementPerRun() throws {
        let dir = try temporaryFolder()
        let pipeline = try PipelineFile.load(path: referencePipeline)
        let input = dir.appendingPathComponent("in")
        _ = try CohortGenerator().generate(SynthOptions(patients: 25, sites: 1, seed: 9, outDirectory: input.path))
        let labs = try #require(try InputDiscovery.discover([input.path]).first { $0.name == "labs.csv" })
        let full = Self.ingest(labs, pipeline: pipeline, chunkRows: nil, selector: nil)
        let patient = try #require(full.batch.labs.last?.key)
        let usubjid = Pseudonymizer(studyID: pipeline.options.studyID, key: Array("k".utf8)).usubjid(patient)
        let target = try Target(usubjid, studyID: pipeline.options.studyID, key: Array("k".utf8))
        let read = Self.ingest(labs, pipeline: pipeline, chunkRows: nil, selector: RowSelector(target: target))
        #expect(read.batch.labs == full.batch.only(patient).labs && !read.batch.labs.isEmpty)
        // The labs file is grouped by patient: one judgement per patient, for thousands of rows.
        #expect(read.selector?.judged == 25 && full.batch.labs.count > 1000)
    }
}
