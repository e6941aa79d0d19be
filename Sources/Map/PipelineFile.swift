import Foundation
import MMModel

/// A decoded pipeline file (`pipelines/*.yaml`, SPEC 4.3): the options of RULES.md with their
/// defaults, the index regimen, the input layout and the dictionaries it points at. See
/// `docs/pipeline-file.md` for every key; `pipelines/reference.yaml` is the annotated example.
public struct PipelineFile: Sendable {
    public var path: String
    /// The file's bytes (its SHA-256 goes to the manifest and the audit log).
    public var bytes: [UInt8]
    public var options: PipelineOptions
    public var dictionaries: Dictionaries
    /// How the source tables, columns and codes map onto the reference layout (SPEC 4:
    /// empty for the reference layout).
    public var layout: PipelineLayout
    /// `store:` — the network's PostgreSQL store every `mmpipe run` of this pipeline file
    /// loads its dataset into (SPEC 10), a `postgresql://` URL; nil for none.
    public var store: String?

    public init(path: String, bytes: [UInt8], options: PipelineOptions, dictionaries: Dictionaries,
                layout: PipelineLayout = PipelineLayout()) {
        self.path = path
        self.bytes = bytes
        self.options = options
        self.dictionaries = dictionaries
        self.layout = layout
    }

    /// The top-level keys of a pipeline file.
    static let topLevelKeys = ["study_id", "description", "index_regimen", "arms", "key_file", "data_cutoff", "input", "units", "response",
                               "lines", "refractoriness", "staging", "endpoints", "adverse_events", "dictionaries",
                               "layout", "store"]

    /// Loads and checks a pipeline file; a bad file fails with the dotted key and the reason
    /// (unknown key, wrong type, value outside its list, unknown index drug, missing dictionary).
    public static func load(path: String) throws(PipelineFileError) -> PipelineFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let bytes = [UInt8](data)
        let root = try YAMLTree.parse(String(decoding: bytes, as: UTF8.self), path: path)
        _ = try root.mapping(allowed: topLevelKeys)

        // Dictionaries first: the index regimen is checked against the drug dictionary.
        let dictionaries = try loadDictionaries(root["dictionaries"], pipelinePath: path)
        var options = try decodeOptions(root)
        if let node = root["index_regimen"] {
            options.indexRegimen = IndexRegimen(allOf: try canonicalDrugs(node, dictionaries))
        }
        if let node = root["arms"] {
            // SPEC 4.3: `arms: {IsaPd: {all_of: [...]}, EloPd: {all_of: [...]}}`; sorted by name.
            var arms: [TreatmentArm] = []
            for (name, arm) in try node.mapping() {
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                    throw arm.fail("an arm's name is letters, digits, '_' or '-' (it becomes TRT01P and a model term)")
                }
                arms.append(TreatmentArm(name: name, allOf: try canonicalDrugs(arm, dictionaries)))
            }
            guard arms.count >= 2 else { throw node.fail("name two or more arms, e.g. {IsaPd: {all_of: [isatuximab, pomalidomide]}, EloPd: {all_of: [elotuzumab, pomalidomide]}}") }
            options.arms = arms.sorted { $0.name < $1.name }
        }
        let layout = try PipelineLayout.decode(root["layout"])
        var file = PipelineFile(path: path, bytes: bytes, options: options, dictionaries: dictionaries, layout: layout)
        if let node = root["store"] {
            let url = try node.string()
            guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
                throw node.fail("give a PostgreSQL URL, postgresql://user@host[:port]/database (the password in ~/.pgpass, not here)")
            }
            file.store = url
        }
        return file
    }

    /// `{all_of: [drug, …]}` as canonical names of the drug dictionary (index_regimen, arms).
    static func canonicalDrugs(_ node: YAMLTree, _ dictionaries: Dictionaries) throws(PipelineFileError) -> [String] {
        _ = try node.mapping(allowed: ["all_of"])
        guard let list = node["all_of"] else { throw node.fail("give the drugs as all_of: [drug, drug]") }
        var canonical: [String] = []
        for item in try list.sequence() {
            let name = try item.string()
            guard let drug = dictionaries.drug(canonical: name) else {
                let hint = dictionaries.drug(named: name).map { " (did you mean its canonical name '\($0.name)'?)" } ?? ""
                throw item.fail("'\(name)' is not a canonical drug name of the drug dictionary\(hint)")
            }
            canonical.append(drug.name)
        }
        return canonical
    }

    /// The dictionary files: each path relative to the pipeline file's folder, by default
    /// `../schemas/drugs.yaml`, `../schemas/regimens.yaml`, `../schemas/lab-tests.yaml`.
    static func loadDictionaries(_ node: YAMLTree?, pipelinePath: String) throws(PipelineFileError) -> Dictionaries {
        let folder = (pipelinePath as NSString).deletingLastPathComponent
        var paths: [String: String] = ["drugs": "../schemas/drugs.yaml", "regimens": "../schemas/regimens.yaml",
                                       "lab_tests": "../schemas/lab-tests.yaml"]
        var given: [String: YAMLTree] = [:]
        if let node {
            for (k, v) in try node.mapping(allowed: ["drugs", "regimens", "lab_tests"]) {
                paths[k] = try v.string()
                given[k] = v
            }
        }
        var resolved: [String: String] = [:]
        for key in ["drugs", "regimens", "lab_tests"] {
            let p = paths[key]!
            let full = p.hasPrefix("/") ? p : (folder.isEmpty ? p : (folder as NSString).appendingPathComponent(p))
            guard FileManager.default.fileExists(atPath: full) else {
                throw .invalid(path: pipelinePath, key: "dictionaries.\(key)",
                               reason: "the dictionary file '\(full)' does not exist\(given[key] == nil ? " (default path)" : ""); give its path relative to the pipeline file")
            }
            resolved[key] = (full as NSString).standardizingPath
        }
        return try Dictionaries.load(drugs: resolved["drugs"]!, regimens: resolved["regimens"]!,
                                     labTests: resolved["lab_tests"]!)
    }

    /// Every option section; absent keys keep RULES.md's defaults (`PipelineOptions()`).
    static func decodeOptions(_ root: YAMLTree) throws(PipelineFileError) -> PipelineOptions {
        var o = PipelineOptions()
        if let v = root["study_id"] {
            o.studyID = try v.string()
            guard !o.studyID.isEmpty, o.studyID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw v.fail("study_id must be letters, digits, '-' or '_' (it prefixes every USUBJID)")
            }
        }
        if let v = root["key_file"] { o.keyFile = try v.string() }
        if let v = root["data_cutoff"] {
            guard let day = Day(iso: try v.string()) else {
                throw v.fail("data_cutoff must be a date written YYYY-MM-DD (e.g. data_cutoff: 2025-06-30)")
            }
            o.dataCutoff = day
        }
        if let s = root["input"] {
            for (k, v) in try s.mapping(allowed: ["date_formats", "partial_dates", "max_field_bytes"]) {
                switch k {
                case "date_formats":
                    var formats: [DateFormat] = []
                    for item in try v.sequence() { formats.append(try item.choice(DateFormat.self)) }
                    guard !formats.isEmpty else { throw v.fail("give at least one date format") }
                    o.input.dateFormats = formats
                case "partial_dates": o.input.partialDates = try v.choice(PartialDateImputation.self)
                default: o.input.maxFieldBytes = try v.int(in: 16...(1 << 30))
                }
            }
        }
        if let s = root["units"] {
            for (_, v) in try s.mapping(allowed: ["unit_mismatch"]) { o.units.unitMismatch = try v.choice(UnitMismatchPolicy.self) }
        }
        if let s = root["response"] {
            for (k, v) in try s.mapping(allowed: ["baseline_window_days", "assessment_merge_days", "nadir", "confirmation",
                                                  "confirm_last", "pd_confirmed_by_next_line", "response_source",
                                                  "hb_below_10_is_relapse_feature"]) {
                switch k {
                case "baseline_window_days": o.response.baselineWindowDays = try v.int()
                case "assessment_merge_days": o.response.assessmentMergeDays = try v.int()
                case "nadir": o.response.nadir = try v.choice(NadirDefinition.self)
                case "confirmation": o.response.confirmation = try v.choice(ConfirmationPolicy.self)
                case "confirm_last": o.response.confirmLast = try v.bool()
                case "pd_confirmed_by_next_line": o.response.pdConfirmedByNextLine = try v.bool()
                case "response_source": o.response.responseSource = try v.choice(ResponseSource.self)
                default: o.response.hbBelow10IsRelapseFeature = try v.bool()
                }
            }
        }
        if let s = root["lines"] {
            for (k, v) in try s.mapping(allowed: ["regimen_window_days", "sequence_max_gap_days", "tandem_max_days", "gap_days"]) {
                switch k {
                case "regimen_window_days": o.lines.regimenWindowDays = try v.int()
                case "sequence_max_gap_days": o.lines.sequenceMaxGapDays = try v.int()
                case "tandem_max_days": o.lines.tandemMaxDays = try v.int()
                default: o.lines.gapDays = try v.int()
                }
            }
        }
        if let s = root["refractoriness"] {
            for (k, v) in try s.mapping(allowed: ["refractory_window_days", "nonresponse_min_days", "celmods_are_imids"]) {
                switch k {
                case "refractory_window_days": o.refractoriness.refractoryWindowDays = try v.int()
                case "nonresponse_min_days": o.refractoriness.nonresponseMinDays = try v.int()
                default: o.refractoriness.celmodsAreIMiDs = try v.bool()
                }
            }
        }
        if let s = root["staging"] {
            for (k, v) in try s.mapping(allowed: ["risk_definition", "cytogenetics_days_after_index", "crcl_fallback"]) {
                switch k {
                case "risk_definition": o.staging.riskDefinition = try v.choice(RiskDefinition.self)
                case "cytogenetics_days_after_index": o.staging.cytogeneticsDaysAfterIndex = try v.int()
                default: o.staging.crclFallback = try v.choice(CrClFallback.self)
                }
            }
        }
        if let s = root["endpoints"] {
            for (k, v) in try s.mapping(allowed: ["pfs_censor_new_therapy", "ttnt_death_is_event"]) {
                if k == "pfs_censor_new_therapy" { o.endpoints.pfsCensorNewTherapy = try v.bool() } else {
                    o.endpoints.ttntDeathIsEvent = try v.bool()
                }
            }
        }
        if let s = root["adverse_events"] {
            for (k, v) in try s.mapping(allowed: ["treatment_emergent_days", "lab_cross_check_days"]) {
                if k == "treatment_emergent_days" { o.adverseEvents.treatmentEmergentDays = try v.int() } else {
                    o.adverseEvents.labCrossCheckDays = try v.int()
                }
            }
        }
        return o
    }
}

/// The error of the map stage: a pipeline file or dictionary that cannot be used.
public enum PipelineFileError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String)
    case invalid(path: String, key: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let p): return "Cannot read the pipeline file '\(p)': check the path given to --pipeline."
        case .invalid(let p, let key, let reason): return "Pipeline file '\(p)', key '\(key)': \(reason)."
        }
    }
}
