import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MMIngest
import MMMap
import MMModel
import MMPipeline
import MMTemplate
import Testing

/// A new temporary folder (removed by the system's temp cleaning).
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mmpipe-template-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The rows of a CSV file, its header first, read with the project's own CSV reader.
func readCSV(_ url: URL) -> [[String]] {
    var log = StageLog()
    var rows: [[String]] = []
    _ = CSVFileReader(path: url.path).read(log: &log) { row in
        if rows.isEmpty { rows.append(row.header.names) }
        rows.append((0..<row.fieldCount).map(row.string))
    }
    return rows
}

/// Writes a template into a new folder of a new temporary folder, with the repository's
/// dictionaries.
func writeTemplate(_ kind: TemplateKind, studyID: String = "ISAPD") throws -> URL {
    let out = try temporaryFolder().appendingPathComponent("kit")
    _ = try TemplateKit.write(kind, studyID: studyID, schemasFolder: repositoryRoot.appendingPathComponent("schemas").path,
                              outFolder: out.path, creationDateTime: "2025-07-01T00:00:00Z")
    return out
}

@Suite("mmpipe template csv|redcap|odm (SPEC 10)")
struct TemplateTests {
    @Test("csv: one empty file per table holding the reference header")
    func csvTemplate() throws {
        let out = try writeTemplate(.csv)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == TableName.allCases.map { "\($0.rawValue).csv" }.sorted())
        for t in TableName.allCases {
            let text = try String(contentsOf: out.appendingPathComponent("\(t.rawValue).csv"), encoding: .utf8)
            #expect(text == ReferenceLayout.columns(of: t).joined(separator: ",") + "\n")
        }
    }

    @Test("a non-empty --out is refused, and nothing in it is touched")
    func refusesNonEmptyFolder() throws {
        let out = try temporaryFolder()
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
        #expect(throws: TemplateError.self) {
            _ = try TemplateKit.write(.csv, studyID: "X", schemasFolder: "schemas", outFolder: out.path, creationDateTime: "")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["notes.txt"])
        #expect(throws: TemplateError.self) {
            _ = try TemplateKit.write(.odm, studyID: "X", schemasFolder: "schemas", outFolder: out.appendingPathComponent("notes.txt").path,
                                      creationDateTime: "")
        }
        #expect(try String(contentsOf: out.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
    }

    @Test("redcap: the data dictionary has REDCap's 18 columns, record_id first, valid unique variables, one instrument per table")
    func redcapDictionary() throws {
        let out = try writeTemplate(.redcap)
        let rows = readCSV(out.appendingPathComponent(REDCapTemplate.dictionaryFile))
        #expect(rows.first == REDCapTemplate.dictionaryColumns && rows.first?.count == 18)
        let fields = rows.dropFirst()
        #expect(fields.allSatisfy { $0.count == 18 })
        #expect(fields.first?[0] == "record_id" && fields.first?[1] == "patients")
        let variables = fields.map { $0[0] }
        #expect(Set(variables).count == variables.count, "variables unique across instruments")
        for v in variables {
            #expect(v.count <= 26 && v.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression) != nil, "\(v)")
            #expect(!v.hasSuffix("_complete") && !v.contains("___"), "\(v)")
        }
        // Instruments in table order, each a contiguous block.
        var forms: [String] = []
        for f in fields where forms.last != f[1] { forms.append(f[1]) }
        #expect(forms == TableName.allCases.map(\.rawValue))
        for f in fields {
            #expect(["text", "dropdown", "checkbox", "yesno"].contains(f[3]), "\(f[0])")
            #expect(["", "date_ymd", "number", "integer"].contains(f[7]), "\(f[0])")
            switch f[3] {
            case "dropdown":
                #expect(f[5].range(of: #"^1, [^|]+( \| [0-9]+, [^|]+)*$"#, options: .regularExpression) != nil, "\(f[0]): \(f[5])")
            case "checkbox":
                #expect(f[5].range(of: #"^[a-z0-9]+, [^|]+( \| [a-z0-9]+, [^|]+)*$"#, options: .regularExpression) != nil, "\(f[0])")
            default: #expect(f[5].isEmpty, "\(f[0])")
            }
            #expect(f[7].isEmpty || f[3] == "text")
        }
        let byVariable = Dictionary(uniqueKeysWithValues: fields.map { ($0[0], $0) })
        #expect(byVariable["birth_date"]?[10] == "y", "the birth date is flagged as an identifier")
        #expect(byVariable["lab_date"]?[7] == "date_ymd" && byVariable["ecog"]?[7] == "integer" && byVariable["ecog"]?[9] == "4")
        #expect(byVariable["sex"]?[5] == "1, Male | 2, Female" && byVariable["sex"]?[12] == "y")
        #expect(byVariable["asmt_crab"]?[3] == "checkbox" && byVariable["ae_serious"]?[3] == "yesno")
        #expect(byVariable["site_id"] == nil, "the site is the data access group")
    }

    @Test("redcap: the pipeline file written beside it loads, maps every field and upper-cases the DAG")
    func redcapPipelineLoads() throws {
        let out = try writeTemplate(.redcap)
        let pipeline = try PipelineFile.load(path: out.appendingPathComponent(REDCapTemplate.pipelineFileName).path)
        #expect(pipeline.options.studyID == "ISAPD" && pipeline.layout.flat?.instrumentColumn == "redcap_repeat_instrument")
        #expect(pipeline.layout.upperCase == ["site_id"])
        let dictionary = readCSV(out.appendingPathComponent(REDCapTemplate.dictionaryFile))
        for row in dictionary.dropFirst() where row[0] != "record_id" && row[3] != "checkbox" {
            let table = try #require(TableName(rawValue: row[1]))
            #expect(pipeline.layout.columns[table]?.values.contains(row[0]) == true, "\(row[0]) is mapped")
        }
    }

    @Test("redcap: samples/redcap (a flat export of that project) gives the dataset the reference layout gives for the same patients")
    func sampleExportEqualsReference() throws {
        let kit = try writeTemplate(.redcap)
        let work = try temporaryFolder()
        // The same five patients in the reference layout, cut from samples/.
        let chosen = ["s01": ["P0001", "P0002", "P0003"], "s02": ["P0004", "P0005"]]
        let reference = work.appendingPathComponent("reference")
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        for (site, ids) in chosen {
            for t in TableName.allCases {
                let name = "\(site)_\(t.rawValue).csv"
                let lines = try String(contentsOf: repositoryRoot.appendingPathComponent("samples/\(name)"), encoding: .utf8)
                    .split(separator: "\n", omittingEmptySubsequences: true)
                let kept = [lines[0]] + lines.dropFirst().filter { ids.contains(String($0.prefix { $0 != "," })) }
                try Data((kept.joined(separator: "\n") + "\n").utf8).write(to: reference.appendingPathComponent(name))
            }
        }
        func run(_ input: String, _ pipeline: String, _ out: String) throws -> RunSummary {
            try PipelineRunner().run(PipelineRequest(inputs: [input], pipelinePath: pipeline,
                                                     outDirectory: work.appendingPathComponent(out).path, mode: .dataset,
                                                     sourceDateEpoch: 1_751_328_000, studyKey: Array("test-key".utf8)))
        }
        let a = try run(reference.path, repositoryRoot.appendingPathComponent("pipelines/reference.yaml").path, "a")
        let b = try run(repositoryRoot.appendingPathComponent("samples/redcap").path,
                        kit.appendingPathComponent(REDCapTemplate.pipelineFileName).path, "b")
        #expect(a.patients == 5 && b.patients == 5 && b.rowsRejected == 0 && b.errors == 0)
        #expect(a.analysisPopulation == b.analysisPopulation && a.analysisPopulation > 0)
        let tables = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("a").path)
            .filter { $0.hasPrefix("ad") && $0.hasSuffix(".csv") }.sorted()
        #expect(tables.count >= 5)
        for name in tables {
            let x = try String(contentsOf: work.appendingPathComponent("a/\(name)"), encoding: .utf8)
            let y = try String(contentsOf: work.appendingPathComponent("b/\(name)"), encoding: .utf8)
            #expect(x == y, "\(name) differs between the reference layout and the REDCap export")
            #expect(x.split(separator: "\n").count > 1, "\(name) has rows")
        }
        // No finding about the export's shape: every column known, every code mapped.
        let findings = try String(contentsOf: work.appendingPathComponent("b/findings.csv"), encoding: .utf8)
        for rule in ["ING-", "SCH-", "UNIT-"] { #expect(!findings.contains(",\(rule)"), "\(rule)") }
    }

    @Test("odm: a well-formed ODM 1.3 MetaDataVersion with an item group per table, an item per column, the code lists")
    func odmMetadata() throws {
        let out = try writeTemplate(.odm)
        let data = try Data(contentsOf: out.appendingPathComponent(ODMTemplate.fileName))
        final class Collector: NSObject, XMLParserDelegate {
            var groups: [String: [String]] = [:], items: Set<String> = [], lists: [String: [String]] = [:]
            var group = "", list = "", root = ""
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if root.isEmpty { root = name + " " + (attributes["ODMVersion"] ?? "") }
                switch name {
                case "ItemGroupDef": group = attributes["OID"] ?? ""; groups[group] = []
                case "ItemRef": groups[group, default: []].append(attributes["ItemOID"] ?? "")
                case "ItemDef": items.insert(attributes["OID"] ?? "")
                case "CodeList": list = attributes["OID"] ?? ""; lists[list] = []
                case "CodeListItem": lists[list, default: []].append(attributes["CodedValue"] ?? "")
                default: break
                }
            }
        }
        let parser = XMLParser(data: data)
        let c = Collector()
        parser.delegate = c
        #expect(parser.parse(), "well formed")
        #expect(c.root == "ODM 1.3.2")
        #expect(Set(c.groups.keys) == Set(TableName.allCases.map(\.itemGroupOID)))
        for t in TableName.allCases {
            let expected = ReferenceLayout.columns(of: t).filter { $0 != "patient_id" && $0 != "site_id" }
            #expect(c.groups[t.itemGroupOID] == expected.map { "IT." + $0.uppercased() })
            // The ODM reader names the column of IT.<COLUMN> as the reference column.
            #expect(c.groups[t.itemGroupOID]?.map(TableNaming.column(forItemOID:)) == expected)
        }
        #expect(c.groups.values.allSatisfy { $0.allSatisfy(c.items.contains) }, "every ItemRef has its ItemDef")
        #expect(c.lists["CL.SEX"] == ["M", "F"] && c.lists["CL.LAB_TEST"]?.count == LabTest.allCases.count)
        #expect(c.lists["CL.RESPONSE"] == CodeLists.responseSpec.codes.map(\.code))
    }
}
