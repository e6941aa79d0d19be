import Foundation
import MMIngest
import MMMap
import MMModel
import MMTemplate
import Testing

/// The repository root, from this file's path (Tests/TemplateTests/…).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func repositoryDictionaries() throws -> Dictionaries {
    try Dictionaries.load(schemasFolder: repositoryRoot.appendingPathComponent("schemas").path)
}

/// `docs/input-format.md` is the upload specification (SPEC 10), generated from the
/// definitions the mapper uses; these tests fail when the two drift apart.
@Suite("docs/input-format.md: the upload specification (SPEC 10)")
struct InputFormatTests {
    @Test("the committed page is exactly what the mapper's definitions render")
    func committedPageMatches() throws {
        let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/input-format.md"), encoding: .utf8)
        #expect(committed == InputFormatDocument.markdown(dictionaries: try repositoryDictionaries()),
                "docs/input-format.md is out of date: regenerate with `swift run mmpipe rules --write .` and commit")
    }

    @Test("every column, code, unit, drug and regimen the mapper knows is on the page")
    func pageListsEverything() throws {
        let dictionaries = try repositoryDictionaries()
        let page = InputFormatDocument.markdown(dictionaries: dictionaries)
        for t in TableName.allCases {
            #expect(page.contains("\n## \(t.rawValue)\n"))
            for c in ReferenceLayout.columns(of: t) { #expect(page.contains("| `\(c)` |"), "\(t.rawValue).\(c)") }
        }
        for test in LabTest.allCases { #expect(page.contains("| `\(test.rawValue)` |")) }
        for u in dictionaries.labTests.values.flatMap(\.units) { #expect(page.contains("`\(u.unit)`")) }
        for d in dictionaries.drugs { #expect(page.contains("| `\(d.name)` |")) }
        for r in dictionaries.regimens { #expect(page.contains("| `\(r.label)` |")) }
        #expect(page.contains("`Darzalex`") && page.contains("`maschio`") && page.contains("`t(4;14)`"))
    }

    @Test("each code list's canonical codes are exactly the model's codes, and the mapper accepts each")
    func codeListsMatchTheModel() {
        func check<E: RawRepresentable & CaseIterable>(_ spec: CodeListSpec, _: E.Type, _ table: ByteCodeTable<E>)
            where E.RawValue == String {
            #expect(spec.codes.map(\.code) == E.allCases.map(\.rawValue), "\(spec.name)")
            for c in spec.codes { #expect(table[c.code]?.rawValue == c.code, "\(spec.name): \(c.code)") }
            for s in spec.synonyms { #expect(table[s] != nil, "\(spec.name): \(s)") }
        }
        check(CodeLists.sexSpec, Sex.self, CodeLists.sex)
        check(CodeLists.heavyChainSpec, HeavyChain.self, CodeLists.heavyChain)
        check(CodeLists.lightChainSpec, LightChain.self, CodeLists.lightChain)
        check(CodeLists.abnormalitySpec, CytoAbnormality.self, CodeLists.abnormality)
        check(CodeLists.cytoResultSpec, CytoResult.self, CodeLists.cytoResult)
        check(CodeLists.cytoMethodSpec, CytoMethod.self, CodeLists.cytoMethod)
        check(CodeLists.stopReasonSpec, StopReason.self, CodeLists.stopReason)
        check(CodeLists.settingSpec, TherapySetting.self, CodeLists.setting)
        check(CodeLists.progressionTypeSpec, ProgressionType.self, CodeLists.progressionType)
        check(CodeLists.relatednessSpec, Relatedness.self, CodeLists.relatedness)
        check(CodeLists.crabSpec, CRABFeature.self, CodeLists.crab)
        #expect(Set(CodeLists.responseSpec.codes.map(\.code)) == Set(ResponseCategory.allCases.map(\.rawValue)))
        #expect(CodeLists.yesNoSpec.codes.map { CodeLists.yesNo[$0.code] } == [true, false])
        #expect(CodeLists.stageSpec.codes.allSatisfy { CodeLists.stage[$0.code] == $0.code })
    }

    @Test("the example row of every table maps through the reference pipeline without a finding")
    func exampleRowsMapCleanly() throws {
        let pipeline = try PipelineFile.load(path: repositoryRoot.appendingPathComponent("pipelines/reference.yaml").path)
        let mapper = RecordMapper(pipeline: pipeline)
        var log = StageLog(), batch = RecordBatch()
        for t in TableName.allCases {
            let specs = ReferenceLayout.spec(of: t)
            let header = ColumnHeader(names: specs.map(\.name))
            let tm = try #require(mapper.tableMapper(table: t.rawValue, header: header, file: InputFile(path: "\(t.rawValue).csv", format: .csv), log: &log))
            var bytes: [UInt8] = [], ends: [Int32] = []
            for s in specs {
                bytes += Array(s.example.utf8)
                ends.append(Int32(bytes.count))
            }
            tm.map(RawRow(table: t.rawValue, header: header, bytes: bytes, ends: ends,
                          provenance: Provenance(file: "\(t.rawValue).csv", line: 2)), into: &batch, log: &log)
        }
        #expect(log.findings.map(\.message) == [])
        #expect(batch.patients.count == 1 && batch.labs.count == 1 && batch.cytogenetics.count == 1
                && batch.therapies.count == 1 && batch.assessments.count == 1 && batch.adverseEvents.count == 1)
    }

    @Test("ranges come from the specification: ECOG 5 is out of range, 2.5 is not a whole number")
    func rangesFromTheSpecification() throws {
        let spec = try #require(ReferenceLayout.spec(of: .patients, column: "ecog")?.numberRange)
        #expect(spec.range == 0...4 && spec.integer)
        let pipeline = try PipelineFile.load(path: repositoryRoot.appendingPathComponent("pipelines/reference.yaml").path)
        let header = ColumnHeader(names: ["patient_id", "site_id", "sex", "birth_date", "diagnosis_date", "last_contact_date", "ecog"])
        var log = StageLog(), batch = RecordBatch()
        let tm = try #require(RecordMapper(pipeline: pipeline).tableMapper(table: "patients", header: header, file: InputFile(path: "patients.csv", format: .csv), log: &log))
        for (i, ecog) in ["5", "2.5"].enumerated() {
            let fields = ["P\(i)", "S01", "F", "1950-01-01", "2020-01-01", "2024-01-01", ecog]
            var bytes: [UInt8] = [], ends: [Int32] = []
            for f in fields { bytes += Array(f.utf8); ends.append(Int32(bytes.count)) }
            tm.map(RawRow(table: "patients", header: header, bytes: bytes, ends: ends, provenance: Provenance(file: "patients.csv", line: i + 2)),
                   into: &batch, log: &log)
        }
        // (The header's missing optional columns have their ING-004 WARNINGs: issue 18.4.)
        #expect(log.findings.filter { $0.rule.id.hasPrefix("SCH") }.map(\.rule.id) == ["SCH-005", "SCH-002"])
    }
}
