import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MMSynth

/// Counts elements while checking well-formedness (Foundation's XMLParser, libxml2 below).
final class ODMCounter: NSObject, XMLParserDelegate {
    var groups: [String: Int] = [:]
    var subjects: [String] = []
    var sites: Set<String> = []
    var repeatKeysOK = true
    private var lastKey: [String: Int] = [:]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "SubjectData":
            subjects.append(attributes["SubjectKey"] ?? "")
            lastKey = [:]
        case "SiteRef": sites.insert(attributes["LocationOID"] ?? "")
        case "ItemGroupData":
            let oid = attributes["ItemGroupOID"] ?? ""
            groups[oid, default: 0] += 1
            let k = Int(attributes["ItemGroupRepeatKey"] ?? "") ?? 0
            if k != (lastKey[oid] ?? 0) + 1 { repeatKeysOK = false }
            lastKey[oid] = k
        default: break
        }
    }
}

@Suite("synth --format odm — ODM 1.3 ClinicalData (SPEC 4.2)")
struct ODMTests {
    @Test("ODM is well formed and carries the same patients and rows as the CSV of the same seed")
    func sameAsCSV() throws {
        let csv = try SynthFixture.cohort { SynthOptions(patients: 50, sites: 3, seed: 21, outDirectory: $0) }
        let odm = try SynthFixture.cohort { SynthOptions(patients: 50, sites: 3, seed: 21, format: .odm, outDirectory: $0) }
        #expect(try SynthFixture.files(odm) == ["s01.xml", "s02.xml", "s03.xml"])
        let counter = ODMCounter()
        for f in try SynthFixture.files(odm) {
            let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: odm + "/" + f)))
            parser.delegate = counter
            #expect(parser.parse(), "\(f) is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        #expect(counter.repeatKeysOK)
        #expect(counter.sites == ["S01", "S02", "S03"])
        let patients = try SynthFixture.table(csv + "/patients.csv")
        #expect(counter.subjects.count == patients.count)
        for table in ["patients", "labs", "cytogenetics", "therapies", "assessments", "adverse_events"] {
            let rows = try SynthFixture.table(csv + "/\(table).csv").count
            #expect(counter.groups["IG." + table.uppercased()] == rows, "\(table)")
        }
    }

    @Test("Mixed upload: the last site as ODM, the others as per-site CSV tables")
    func mixedLayout() throws {
        let dir = try SynthFixture.cohort {
            SynthOptions(patients: 20, sites: 3, seed: 2, outDirectory: $0, splitSites: true, odmSites: 1)
        }
        let files = try SynthFixture.files(dir)
        #expect(files.contains("s01_labs.csv") && files.contains("s02_adverse_events.csv") && files.contains("s03.xml"))
        #expect(!files.contains("labs.csv") && !files.contains("s03_labs.csv"))
        #expect(files.count == 13)
    }
}
