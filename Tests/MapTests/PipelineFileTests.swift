import Foundation
import MMModel
import Testing
@testable import MMMap

@Suite("Pipeline file (SPEC 4.3)")
struct PipelineFileTests {
    @Test("reference.yaml loads, every option equals RULES.md's default, index regimen IsaPd")
    func referenceDefaults() throws {
        let p = try referencePipeline()
        var expected = PipelineOptions()
        expected.indexRegimen = IndexRegimen(allOf: ["isatuximab", "pomalidomide"])
        expected.studyID = "ISAPD"
        #expect(p.options == expected)
        #expect(p.layout.isReference)
        #expect(p.bytes == [UInt8](try Data(contentsOf: URL(fileURLWithPath: referencePipelinePath))))
        #expect(p.dictionaries.drugs.count > 30)
        #expect(p.dictionaries.labTests.count == LabTest.allCases.count)
    }

    @Test("reference.yaml writes out every option key of the loader (nothing left implicit)")
    func everyKeyWrittenOut() throws {
        let text = try String(contentsOfFile: referencePipelinePath, encoding: .utf8)
        for key in ["study_id", "index_regimen", "date_formats", "partial_dates", "max_field_bytes", "unit_mismatch",
                    "baseline_window_days", "assessment_merge_days", "nadir", "confirmation", "confirm_last",
                    "pd_confirmed_by_next_line", "response_source", "hb_below_10_is_relapse_feature",
                    "regimen_window_days", "sequence_max_gap_days", "tandem_max_days", "gap_days",
                    "refractory_window_days", "nonresponse_min_days", "celmods_are_imids", "risk_definition",
                    "cytogenetics_days_after_index", "crcl_fallback", "pfs_censor_new_therapy", "ttnt_death_is_event",
                    "treatment_emergent_days", "lab_cross_check_days", "dictionaries"] {
            #expect(text.contains("\n  \(key):") || text.contains("\n\(key):"), "\(key) missing")
        }
    }

    @Test("SPEC 4.3 arms: sorted by name, drugs canonical; isapd-vs-elopd.yaml loads; one arm is refused")
    func arms() throws {
        let p = try PipelineFile.load(path: try write("""
            study_id: X
            index_regimen: {all_of: [daratumumab]}
            arms:
              IsaPd: {all_of: [isatuximab, pomalidomide]}
              EloPd: {all_of: [elotuzumab, pomalidomide]}
            """))
        #expect(p.options.arms == [TreatmentArm(name: "EloPd", allOf: ["elotuzumab", "pomalidomide"]),
                                   TreatmentArm(name: "IsaPd", allOf: ["isatuximab", "pomalidomide"])])
        let example = try PipelineFile.load(path: repositoryRoot.appendingPathComponent("pipelines/isapd-vs-elopd.yaml").path)
        #expect(example.options.arms.map(\.name) == ["EloPd", "IsaPd"])
        let one = try write("arms:\n  IsaPd: {all_of: [isatuximab]}\n")
        #expect(throws: PipelineFileError.self) { _ = try PipelineFile.load(path: one) }
        let bad = try write("arms:\n  IsaPd: {all_of: [isatuximab]}\n  EloPd: {all_of: [elotuzumb]}\n")
        #expect(throws: PipelineFileError.self) { _ = try PipelineFile.load(path: bad) }
    }

    @Test("options given in the file are decoded")
    func optionsDecoded() throws {
        let p = try PipelineFile.load(path: try write("""
            study_id: IsaKd-RWE
            index_regimen: {all_of: [isatuximab, carfilzomib]}
            key_file: study.key
            input: {date_formats: [MM/DD/YYYY], partial_dates: first, max_field_bytes: 1024}
            units: {unit_mismatch: reject}
            response: {baseline_window_days: 30, assessment_merge_days: 3, nadir: lowest, confirmation: not_required,
                       confirm_last: true, pd_confirmed_by_next_line: true, response_source: reported,
                       hb_below_10_is_relapse_feature: true}
            lines: {regimen_window_days: 21, sequence_max_gap_days: 100, tandem_max_days: 120, gap_days: 60}
            refractoriness: {refractory_window_days: 30, nonresponse_min_days: 14, celmods_are_imids: true}
            staging: {risk_definition: imwg2025, cytogenetics_days_after_index: 0, crcl_fallback: ckd_epi_2021}
            endpoints: {pfs_censor_new_therapy: false, ttnt_death_is_event: false}
            adverse_events: {treatment_emergent_days: 28, lab_cross_check_days: 3}
            """))
        let o = p.options
        #expect(o.studyID == "IsaKd-RWE")
        #expect(o.indexRegimen.allOf == ["isatuximab", "carfilzomib"])
        #expect(o.keyFile == "study.key")
        #expect(o.input == InputOptions(dateFormats: [.mdy], partialDates: .first, maxFieldBytes: 1024))
        #expect(o.units.unitMismatch == .reject)
        #expect(o.response == ResponseOptions(baselineWindowDays: 30, assessmentMergeDays: 3, nadir: .lowest,
                                              confirmation: .notRequired, confirmLast: true, pdConfirmedByNextLine: true,
                                              responseSource: .reported, hbBelow10IsRelapseFeature: true))
        #expect(o.lines == LineOptions(regimenWindowDays: 21, sequenceMaxGapDays: 100, tandemMaxDays: 120, gapDays: 60))
        #expect(o.refractoriness == RefractorinessOptions(refractoryWindowDays: 30, nonresponseMinDays: 14, celmodsAreIMiDs: true))
        #expect(o.staging == StagingOptions(riskDefinition: .imwg2025, cytogeneticsDaysAfterIndex: 0, crclFallback: .ckdEpi2021))
        #expect(o.endpoints == EndpointOptions(pfsCensorNewTherapy: false, ttntDeathIsEvent: false))
        #expect(o.adverseEvents == AdverseEventOptions(treatmentEmergentDays: 28, labCrossCheckDays: 3))
    }

    @Test("a bad pipeline file fails naming the key", arguments: [
        ("respons:\n  nadir: lowest\n", "respons", "unknown key"),
        ("response:\n  nadirr: lowest\n", "response.nadirr", "unknown key"),
        ("response:\n  nadir: smallest\n", "response.nadir", "confirmed, lowest"),
        ("units:\n  unit_mismatch: fix\n", "units.unit_mismatch", "correct, exclude, reject"),
        ("lines:\n  gap_days: ninety\n", "lines.gap_days", "not a whole number"),
        ("endpoints:\n  pfs_censor_new_therapy: maybe\n", "endpoints.pfs_censor_new_therapy", "not true or false"),
        ("index_regimen:\n  all_of: [isatuximab, pomalidomid]\n", "index_regimen.all_of[1]", "not a canonical drug"),
        ("index_regimen:\n  all_of: [Sarclisa]\n", "index_regimen.all_of[0]", "isatuximab"),
        ("input:\n  date_formats: [YYYY/MM/DD]\n", "input.date_formats[0]", "not allowed"),
        ("layout:\n  columns:\n    labs: {tset: lab_test}\n", "layout.columns.labs.tset", "not a reference column"),
    ])
    func badFile(_ text: String, _ key: String, _ reason: String) throws {
        let path = try write(text)
        #expect {
            _ = try PipelineFile.load(path: path)
        } throws: { error in
            guard case .invalid(_, let k, let r) = error as? PipelineFileError else { return false }
            return k == key && r.contains(reason)
        }
    }

    @Test("a missing dictionary file names the dictionaries key")
    func missingDictionary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmpipe-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("p.yaml").path
        try "study_id: X\ndictionaries:\n  drugs: nowhere/drugs.yaml\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try PipelineFile.load(path: path)
        } throws: { error in
            guard case .invalid(_, let k, let r) = error as? PipelineFileError else { return false }
            return k == "dictionaries.drugs" && r.contains("does not exist")
        }
        // The default ../schemas/ of a pipeline file outside the repository does not exist either.
        try "study_id: X\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PipelineFileError.self) { _ = try PipelineFile.load(path: path) }
    }

    @Test("an unreadable pipeline file is its own error")
    func unreadable() {
        #expect {
            _ = try PipelineFile.load(path: "/nonexistent/pipeline.yaml")
        } throws: { error in
            if case .unreadable = error as? PipelineFileError { return true }
            return false
        }
    }

    /// Writes a pipeline file beside the repository's schemas (so the default dictionaries resolve).
    func write(_ text: String) throws -> String {
        let dir = repositoryRoot.appendingPathComponent(".build/map-test-pipelines")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("\(UUID().uuidString).yaml").path
        let schemas = repositoryRoot.appendingPathComponent("schemas").path
        let full = text + (text.contains("dictionaries:") ? "" : """

            dictionaries:
              drugs: \(schemas)/drugs.yaml
              regimens: \(schemas)/regimens.yaml
              lab_tests: \(schemas)/lab-tests.yaml

            """)
        try full.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

@Suite("Dictionary files are checked")
struct DictionaryFileTests {
    func folder(drugs: String, regimens: String = "regimens: []\n", labs: String? = nil) throws -> String {
        let dir = repositoryRoot.appendingPathComponent(".build/map-test-dicts/\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try drugs.write(to: dir.appendingPathComponent("drugs.yaml"), atomically: true, encoding: .utf8)
        try regimens.write(to: dir.appendingPathComponent("regimens.yaml"), atomically: true, encoding: .utf8)
        let labText = try labs ?? String(contentsOf: repositoryRoot.appendingPathComponent("schemas/lab-tests.yaml"), encoding: .utf8)
        try labText.write(to: dir.appendingPathComponent("lab-tests.yaml"), atomically: true, encoding: .utf8)
        return dir.path
    }

    @Test("the repository's schemas load through load(schemasFolder:)")
    func schemasFolder() throws {
        let d = try Dictionaries.load(schemasFolder: repositoryRoot.appendingPathComponent("schemas").path)
        #expect(d.drug(named: "Sarclisa")?.name == "isatuximab")
    }

    @Test("bad dictionaries fail with the key and the reason", arguments: [
        ("drugs:\n  - name: foo\n    classes: [MAGIC]\n", "regimens: []\n", "drugs[0].classes", "unknown class"),
        ("drugs:\n  - name: foo\n    clases: [PI]\n", "regimens: []\n", "drugs[0].clases", "unknown key"),
        ("drugs:\n  - name: foo\n    classes: [PI]\n", "regimens:\n  - label: X\n    drugs: [bar]\n", "regimens[0].drugs", "not a canonical drug"),
        ("drugs:\n  - name: foo\n  - name: foo\n", "regimens: []\n", "drugs[1].name", "listed twice"),
    ])
    func bad(_ drugs: String, _ regimens: String, _ key: String, _ reason: String) throws {
        let dir = try folder(drugs: drugs, regimens: regimens)
        #expect {
            _ = try Dictionaries.load(schemasFolder: dir)
        } throws: { error in
            guard case .invalid(_, let k, let r) = error as? PipelineFileError else { return false }
            return k == key && r.contains(reason)
        }
    }

    @Test("a lab dictionary must list every test with its canonical unit first (RULES.md 1)")
    func labDictionary() throws {
        let dir = try folder(drugs: "drugs: []\n", labs: "tests:\n  - code: HGB\n    units:\n      - unit: g/L\n")
        #expect {
            _ = try Dictionaries.load(schemasFolder: dir)
        } throws: { error in
            guard case .invalid(_, _, let r) = error as? PipelineFileError else { return false }
            return r.contains("canonical unit g/dL")
        }
    }
}
