import MMModel

/// Output format of `mmpipe synth` (SPEC 3: `--format csv|odm`).
public enum SynthFormat: String, Sendable, CaseIterable {
    /// The reference CSV tables of SPEC 4.1.
    case csv
    /// One CDISC ODM 1.3 `ClinicalData` file per site (SPEC 4.2).
    case odm
}

/// What `mmpipe synth` is asked to generate (SPEC 3).
public struct SynthOptions: Sendable {
    /// Number of patients, over all sites.
    public var patients: Int
    /// Number of sites (`S01`, `S02`, …).
    public var sites: Int
    /// The seed: same options → byte-identical files.
    public var seed: UInt64
    public var format: SynthFormat
    /// Probability (0–1) that a patient carries one injected error; > 0 also adds the
    /// cohort-level errors (identifier columns, one site in Windows-1252 with `;`).
    public var errorRate: Double
    /// Output folder (created if missing).
    public var outDirectory: String
    /// CSV only: one set of tables per site (`s01_patients.csv`, …) instead of one set for all.
    public var splitSites: Bool
    /// CSV only: the last `odmSites` sites are written as ODM XML (`s04.xml`) instead.
    public var odmSites: Int
    /// Where the list of injected errors goes (default `<out>/expected/injected.csv`).
    public var injectedPath: String?
    /// Dense, realistic histories (SPEC 8 benchmark): monthly visits with the full lab panel
    /// and longer multi-line histories, ~500 lab rows per patient instead of ~80.
    public var dense: Bool
    /// `--arms IsaPd,EloPd`: regimen labels compared at index (SPEC 4.3 arms, seed 003); the
    /// first is favoured in fitter patients and has the true hazard ratio of
    /// `CourseSimulator.ArmModel`. Empty: IsaPd is the only index regimen.
    public var arms: [String] = []

    /// `expected/injected.csv` under the cohort folder: one folder down, where `mmpipe run` on
    /// the cohort folder does not read it (a folder holding tables is read one level deep, SPEC 4).
    public static let defaultInjectedPath = "expected/injected.csv"

    public init(patients: Int, sites: Int = 5, seed: UInt64 = 1, format: SynthFormat = .csv, errorRate: Double = 0,
                outDirectory: String, splitSites: Bool = false, odmSites: Int = 0, injectedPath: String? = nil,
                dense: Bool = false) {
        self.patients = patients
        self.sites = sites
        self.seed = seed
        self.format = format
        self.errorRate = errorRate
        self.outDirectory = outDirectory
        self.splitSites = splitSites
        self.odmSites = odmSites
        self.injectedPath = injectedPath
        self.dense = dense
    }
}

/// What a generation wrote.
public struct SynthSummary: Sendable {
    /// Rows written per table (`patients`, `labs`, …), injected copies included.
    public var rows: [TableName: Int]
    /// Files written, relative to the output folder, sorted.
    public var files: [String]
    /// Errors injected (rows of `injected.csv`).
    public var injected: Int
    /// Bytes written in all cohort files (not `injected.csv`).
    public var bytes: Int
}

/// Why a generation could not run: one sentence saying what to type instead.
public enum SynthError: Error, CustomStringConvertible, Sendable {
    case invalidOption(String)
    case cannotWrite(path: String, reason: String)
    /// The output folder already holds files (SPEC 3: synth refuses a non-empty folder).
    case notEmpty(path: String, entries: [String])

    public var description: String {
        switch self {
        case .invalidOption(let m): return m
        case .cannotWrite(let p, let r): return "Cannot write '\(p)' (\(r)): check the output folder exists and is writable."
        case .notEmpty(let p, let e):
            return "Will not write into '\(p)': it is not empty (\(e.prefix(3).joined(separator: ", "))\(e.count > 3 ? ", …" : "")) and synth would overwrite files it did not write; give a new or empty --out."
        }
    }
}
