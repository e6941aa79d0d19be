import Foundation
import MMIngest
import MMMap
import MMModel
import Testing
@testable import MMPipeline

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let referencePipeline = repositoryRoot.appendingPathComponent("pipelines/reference.yaml").path

/// The records with every provenance blanked, so that records read from different physical
/// forms of the same data compare equal.
struct CanonicalContent: Equatable {
    var patients: [Patient] = []
    var labs: [LabResult] = []
    var cytogenetics: [CytogeneticResult] = []
    var therapies: [TherapyExposure] = []
    var assessments: [Assessment] = []
    var adverseEvents: [AdverseEvent] = []

    init(_ records: [PatientRecord]) {
        let blank = Provenance(file: "", line: 0)
        for r in records {
            if var p = r.patient { p.provenance = blank; patients.append(p) }
            labs += r.labs.map { var x = $0; x.provenance = blank; return x }
            cytogenetics += r.cytogenetics.map { var x = $0; x.provenance = blank; return x }
            therapies += r.therapies.map { var x = $0; x.provenance = blank; return x }
            assessments += r.assessments.map { var x = $0; x.provenance = blank; return x }
            adverseEvents += r.adverseEvents.map { var x = $0; x.provenance = blank; return x }
        }
    }
}

func load(_ paths: [String]) throws -> (records: [PatientRecord], log: StageLog, inputs: [InputFileSummary]) {
    let pipeline = try PipelineFile.load(path: referencePipeline)
    let files = try InputDiscovery.discover(paths)
    let (records, inputs, log) = PipelineRunner.loadRecords(files, pipeline: pipeline)
    return (records, log, inputs)
}

@Suite("Ingest + map: every physical form of an upload gives the same canonical records")
struct FormatEquivalenceTests {
    @Test("Reference CSV and ODM XML of the same patients give identical canonical records (SPEC 4.1/4.2)")
    func csvEqualsODM() throws {
        let dir = try temporaryFolder()
        let fixture = UploadFixture.reference
        try fixture.writeCSV(to: dir.appendingPathComponent("csv"))
        try fixture.writeODM(to: dir.appendingPathComponent("upload.xml"))
        let csv = try load([dir.appendingPathComponent("csv").path])
        let odm = try load([dir.appendingPathComponent("upload.xml").path])
        #expect(csv.records.count == 2)
        #expect(CanonicalContent(csv.records).labs.count == 12)
        #expect(CanonicalContent(csv.records) == CanonicalContent(odm.records))
        // IT.EXTRAMEDULLARY reads as the CSV column extramedullary does.
        #expect(odm.records.compactMap(\.patient?.extramedullary) == [true, false])
    }

    /// The format is the one discovery found (`InputFile.format`), never guessed again from the
    /// name: an ODM file named `.XML` or `.odm` is read, mapped and screened as ODM — its items
    /// missing from a row are missing values, not missing columns, and an identifier item is
    /// reported at the file (an ODM header has no line).
    @Test("An ODM upload named .XML or .odm is ODM at every stage", arguments: ["UPLOAD.XML", "upload.odm"])
    func odmWhateverItsExtension(_ name: String) throws {
        let dir = try temporaryFolder(#function + name)
        var fixture = UploadFixture.reference
        fixture.tables[0].header.append("cognome")
        for i in fixture.tables[0].rows.indices { fixture.tables[0].rows[i].append("Rossi") }
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("csv"))
        try fixture.writeODM(to: dir.appendingPathComponent(name))
        let csv = try load([dir.appendingPathComponent("csv").path])
        let odm = try load([dir.appendingPathComponent(name).path])
        #expect(odm.inputs.map(\.format) == ["odm"])
        #expect(CanonicalContent(csv.records) == CanonicalContent(odm.records))
        // One per shape of the item group (the header of an ODM table is per row shape).
        #expect(!odm.log.findings.isEmpty)
        #expect(odm.log.findings.allSatisfy { $0.rule == .PHI001 && $0.location == .file(name) && $0.field == "cognome" })
    }

    @Test("A semicolon, decimal-comma, Windows-1252, CRLF copy gives the same records as the UTF-8 original (SPEC 4.1)")
    func europeanCSVEqualsOriginal() throws {
        let dir = try temporaryFolder()
        let fixture = UploadFixture.reference
        try fixture.writeCSV(to: dir.appendingPathComponent("utf8"))
        try fixture.writeCSV(to: dir.appendingPathComponent("eu"), delimiter: ";", decimalComma: true,
                             encoding: .windowsCP1252, crlf: true)
        let original = try load([dir.appendingPathComponent("utf8").path])
        let european = try load([dir.appendingPathComponent("eu").path])
        #expect(CanonicalContent(original.records) == CanonicalContent(european.records))
        #expect(european.inputs.contains { $0.encoding == "Windows-1252" })
        #expect(european.inputs.contains { $0.delimiter == ";" })
        // The accented AE term survived the transcoding.
        #expect(CanonicalContent(european.records).adverseEvents.first?.term.contains("è") == true)
    }

    @Test("Canonical values: regimen expanded, synonyms mapped, below-detection kept (SPEC 4.1)")
    func canonicalValues() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir)
        let content = CanonicalContent(try load([dir.path]).records)
        let p1 = content.therapies.filter { $0.key.patientID == "P001" }.map(\.drug)
        #expect(p1.contains("bortezomib") && p1.contains("lenalidomide") && p1.contains("dexamethasone"))
        #expect(p1.contains("isatuximab") && p1.contains("pomalidomide"))
        #expect(content.therapies.contains { $0.key.patientID == "P002" && $0.drug == "daratumumab" })
        let below = content.labs.first { $0.key.patientID == "P001" && $0.date == Day(iso: "2021-05-25") }
        #expect(below?.value == .belowDetection(0.1))
    }
}
