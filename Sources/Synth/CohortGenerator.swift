import Foundation
import MMModel

/// Generates a deterministic synthetic cohort in the reference layout (SPEC 3 `synth`,
/// SPEC 4.1 CSV / 4.2 ODM): clinically plausible courses (seed 000 Table 1, seed 003
/// Table 1A), optionally with injected errors of every rule family of SPEC 5, listed in
/// `injected.csv`. Streams patient by patient into buffered files: memory stays flat
/// whatever the cohort size, and the same options always give byte-identical files.
public struct CohortGenerator: Sendable {
    public init() {}

    /// Writes the cohort into `options.outDirectory`.
    public func generate(_ options: SynthOptions) throws(SynthError) -> SynthSummary {
        try validate(options)
        var run = try CohortRun(options)
        return try run.generate()
    }

    private func validate(_ o: SynthOptions) throws(SynthError) {
        guard o.patients >= 1 else { throw .invalidOption("--patients must be at least 1 (e.g. --patients 1000).") }
        guard (1...999).contains(o.sites) else { throw .invalidOption("--sites must be between 1 and 999.") }
        guard o.sites <= o.patients else {
            throw .invalidOption("--sites (\(o.sites)) must not exceed --patients (\(o.patients)): every site needs a patient.")
        }
        guard (0...1).contains(o.errorRate) else {
            throw .invalidOption("--errors is a rate per patient between 0 and 1 (e.g. --errors 0.05).")
        }
        guard (0...o.sites).contains(o.odmSites) else {
            throw .invalidOption("--odm-sites must be between 0 and --sites (\(o.sites)).")
        }
        _ = try Self.arms(o.arms)
    }

    /// `--arms` labels as regimens: two or more distinct labels of the generator's regimens.
    static func arms(_ labels: [String]) throws(SynthError) -> [Regimen] {
        guard !labels.isEmpty else { return [] }
        var out: [Regimen] = []
        for label in labels {
            guard let r = Regimens.all.first(where: { $0.label.lowercased() == label.lowercased() }) else {
                throw .invalidOption("--arms: '\(label)' is not a regimen the generator knows (\(Regimens.all.map(\.label).joined(separator: ", "))).")
            }
            out.append(r)
        }
        guard Set(out.map(\.label)).count == out.count, out.count >= 2 else {
            throw .invalidOption("--arms names two or more different regimens (e.g. --arms IsaPd,EloPd).")
        }
        return out
    }
}

/// One site of the cohort and how its export looks.
struct SynthSite {
    var id: String
    var patients: Int
    var odm: Bool
    var units: UnitStyle
    /// The site whose CSV files come from an Italian Windows spreadsheet (an injected ING case).
    var windows1252: Bool
    /// File-name prefix of its CSV tables (`""` = the shared reference tables).
    var prefix: String
}

/// The state of one generation.
struct CohortRun {
    let o: SynthOptions
    let sites: [SynthSite]
    /// The site whose export carries identifier columns (PHI), when errors are injected.
    let phiSite: String?
    private var csv: [String: [CSVTableWriter]] = [:]
    private var injected: [[String]] = []
    private var rows: [TableName: Int] = [:]
    private var files: [String] = []
    private var bytes = 0
    /// The injection kind the next erroneous patient starts from (round robin over kinds).
    private var nextKind = 0

    init(_ o: SynthOptions) throws(SynthError) {
        self.o = o
        // SPEC 3: synth refuses a non-empty folder — it would overwrite a site's real files.
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: o.outDirectory), !entries.isEmpty {
            throw .notEmpty(path: o.outDirectory, entries: entries.sorted())
        }
        do {
            try FileManager.default.createDirectory(atPath: o.outDirectory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: o.outDirectory, reason: "cannot create the folder")
        }
        // Unequal site sizes (real networks have large and small centres), by largest remainder.
        var rng = SynthRandom(seed: o.seed, stream: 0x5175)
        let weights = (0..<o.sites).map { _ in 0.4 + rng.uniform() }
        let total = weights.reduce(0, +)
        let spare = o.patients - o.sites
        var sizes = weights.map { 1 + Int(Double(spare) * $0 / total) }
        var order = Array(0..<o.sites)
        order.sort { a, b in
            let ra = Double(spare) * weights[a] / total - Double(sizes[a] - 1)
            let rb = Double(spare) * weights[b] / total - Double(sizes[b] - 1)
            return ra != rb ? ra > rb : a < b
        }
        var k = 0
        while sizes.reduce(0, +) < o.patients { sizes[order[k % o.sites]] += 1; k += 1 }
        let injecting = o.errorRate > 0
        let firstODM = o.format == .odm ? 0 : o.sites - o.odmSites
        let csvSites = (0..<o.sites).filter { $0 < firstODM }
        let windowsSite = injecting && csvSites.count >= 2 ? csvSites.last : nil
        sites = (0..<o.sites).map { i in
            let id = "S" + CohortRun.pad(i + 1, 2)
            let windows = i == windowsSite
            return SynthSite(id: id, patients: sizes[i], odm: i >= firstODM, units: i % 3 == 1 ? .si : .conventional,
                             windows1252: windows,
                             prefix: (o.splitSites || windows) ? id.lowercased() + "_" : "")
        }
        phiSite = injecting ? sites.first?.id : nil
    }

    static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
    }

    private func path(_ name: String) -> String { (o.outDirectory as NSString).appendingPathComponent(name) }

    mutating func generate() throws(SynthError) -> SynthSummary {
        let arms = try CohortGenerator.arms(o.arms)
        var course = PatientCourse()
        var tables = TableName.allCases.map { CellTable($0, columns: ReferenceColumns.of($0)) }
        var lines: [[Int]] = Array(repeating: [], count: tables.count)
        var ordinal: UInt64 = 0
        let idWidth = max(4, String(sites.map(\.patients).max() ?? 1).count)
        for site in sites {
            let destination = site.prefix
            // The identifier columns go into the PHI site's export: its XML, or the CSV patients
            // table it shares (every patient of that file then carries them).
            let phi = sites.first { $0.id == phiSite }
            let identifiers = phi.map { p in site.odm ? site.id == p.id : (!p.odm && p.prefix == destination) } ?? false
            var odm: ODMWriter?
            var writers: [CSVTableWriter] = []
            if site.odm {
                let name = site.id.lowercased() + ".xml"
                odm = try ODMWriter(path: path(name), siteID: site.id, studyOID: "MMPIPE-SYNTH")
                files.append(name)
            } else {
                writers = try csvWriters(prefix: destination, dialect: site.windows1252 ? .windowsItalian : .reference,
                                         identifiers: identifiers)
            }
            tables[0].columns = ReferenceColumns.patients + (identifiers ? ReferenceColumns.identifiers : [])
            let renderer = TableRenderer(units: site.units, italianTerms: site.windows1252, identifiers: nil)
            for n in 1...site.patients {
                ordinal += 1
                course.reset()
                course.patientID = "P" + CohortRun.pad(n, idWidth)
                course.siteID = site.id
                var sim = CourseSimulator(rng: SynthRandom(seed: o.seed, stream: ordinal), arms: arms, dense: o.dense)
                sim.simulate(into: &course)
                var r = renderer
                if identifiers { r.identifiers = fakeIdentifiers(course, ordinal: ordinal) }
                r.render(course, into: &tables)
                if o.errorRate > 0 {
                    var irng = SynthRandom(seed: o.seed, stream: ordinal, substream: 1)
                    if irng.chance(o.errorRate) {
                        var injector = ErrorInjector(rng: irng, odm: site.odm)
                        if let applied = injector.inject(startingAt: nextKind, into: &tables, course: course) {
                            nextKind = (applied + 1) % InjectionKind.allCases.count
                        }
                    }
                }
                var fileNames: [String] = []
                if let odm {
                    odm.writeSubject(patientID: course.patientID, siteID: site.id, tables: tables, lines: &lines)
                    fileNames = Array(repeating: site.id.lowercased() + ".xml", count: tables.count)
                } else {
                    for i in tables.indices { writers[i].write(tables[i], lines: &lines[i]) }
                    fileNames = tables.map { destination + $0.table.rawValue + ".csv" }
                }
                for i in tables.indices {
                    rows[tables[i].table, default: 0] += tables[i].rowCount
                    for (row, m) in tables[i].marks {
                        injected.append([m.family, m.rule, tables[i].table.rawValue, course.patientID, site.id, m.field,
                                         String(lines[i][row]), m.description, fileNames[i]])
                    }
                }
            }
            if let odm {
                try odm.close()
                bytes += odm.sink.bytesWritten
                if site.id == phiSite { recordIdentifierColumns(site: site.id, file: site.id.lowercased() + ".xml", line: 0) }
            } else if o.splitSites || site.windows1252 {
                try closeCSV(prefix: destination, site: site)
            }
        }
        for prefix in csv.keys.sorted() {
            try closeCSV(prefix: prefix, site: sites.first { $0.prefix == prefix && !$0.odm })
        }
        try writeInjected()
        return SynthSummary(rows: rows, files: files.sorted(), injected: injected.count, bytes: bytes)
    }

    /// The six table writers of a destination, opened on first use.
    private mutating func csvWriters(prefix: String, dialect: CSVDialect, identifiers: Bool) throws(SynthError)
        -> [CSVTableWriter] {
        if let w = csv[prefix] { return w }
        var w: [CSVTableWriter] = []
        for t in TableName.allCases {
            let name = prefix + t.rawValue + ".csv"
            var columns = ReferenceColumns.of(t)
            if t == .patients && identifiers { columns += ReferenceColumns.identifiers }
            w.append(try CSVTableWriter(path: path(name), dialect: dialect, columns: columns))
            files.append(name)
        }
        csv[prefix] = w
        return w
    }

    private mutating func closeCSV(prefix: String, site: SynthSite?) throws(SynthError) {
        guard let w = csv.removeValue(forKey: prefix) else { return }
        for (i, writer) in w.enumerated() {
            try writer.close()
            bytes += writer.sink.bytesWritten
            let name = prefix + TableName.allCases[i].rawValue + ".csv"
            if writer.dialect.windows1252, let line = writer.sink.firstNonASCIILine {
                injected.append(["ING", "ING-002", TableName.allCases[i].rawValue, "", site?.id ?? "", "", String(line),
                                 "File written in Windows-1252 with ';' delimiter, decimal commas and CRLF.", name])
            }
            if TableName.allCases[i] == .patients, let phiSite,
               prefix == sites.first(where: { $0.id == phiSite })?.prefix,
               !(sites.first { $0.id == phiSite }?.odm ?? true) {
                recordIdentifierColumns(site: phiSite, file: name, line: 1)
            }
        }
    }

    private mutating func recordIdentifierColumns(site: String, file: String, line: Int) {
        for column in ReferenceColumns.identifiers {
            injected.append(["PHI", "PHI-001", "patients", "", site, column, line > 0 ? String(line) : "",
                             "Direct identifier column \(column) (fake values) in the patients table.", file])
        }
    }

    /// A fake surname and a well-formed fake codice fiscale (never a real person's).
    private func fakeIdentifiers(_ c: PatientCourse, ordinal: UInt64) -> [String] {
        var rng = SynthRandom(seed: o.seed, stream: ordinal, substream: 2)
        let surname = FakeIdentity.surnames[rng.int(0...(FakeIdentity.surnames.count - 1))]
        let name = FakeIdentity.names[rng.int(0...(FakeIdentity.names.count - 1))]
        let b = c.birth.components
        let cf = FakeIdentity.codiceFiscale(surname: surname, name: name, year: b.year, month: b.month, day: b.day,
                                            female: c.sex == .female,
                                            place: FakeIdentity.places[rng.int(0...(FakeIdentity.places.count - 1))])
        return [surname, cf]
    }

    /// `expected/injected.csv`: what was injected and where (physical line of the written file).
    private mutating func writeInjected() throws(SynthError) {
        guard o.errorRate > 0 else { return }
        let target = o.injectedPath ?? path(SynthOptions.defaultInjectedPath)
        let dir = (target as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let columns = ["family", "rule_hint", "table", "patient_id", "site_id", "field", "line", "description", "file"]
        let w = try CSVTableWriter(path: target, dialect: .reference, columns: columns)
        var table = CellTable(.patients, columns: columns)
        for row in injected {
            for v in row { table.append(v.isEmpty ? .empty : .text(v)) }
            table.endRow()
        }
        var lines: [Int] = []
        w.write(table, lines: &lines)
        try w.close()
    }
}
