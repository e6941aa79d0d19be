import Foundation
import MMModel
import Testing
@testable import MMIngest

/// A small ODM 1.3.2 export: two subjects, labs and a patient row, with the features the
/// reader must accept (default namespace, TransactionType, IsNull, repeat keys).
func odmDocument(prefix: String = "", body: String? = nil) -> String {
    let p = prefix.isEmpty ? "" : prefix + ":"
    let ns = prefix.isEmpty ? "xmlns" : "xmlns:" + prefix
    let content = body ?? """
          <\(p)SubjectData SubjectKey="P001" TransactionType="Insert">
            <\(p)SiteRef LocationOID="IT-03"/>
            <\(p)StudyEventData StudyEventOID="SE.BASELINE">
              <\(p)FormData FormOID="F.LABS">
                <\(p)ItemGroupData ItemGroupOID="IG.LABS" ItemGroupRepeatKey="1" TransactionType="Insert">
                  <\(p)ItemData ItemOID="IT.DATE" Value="2023-01-05"/>
                  <\(p)ItemData ItemOID="IT.TEST" Value="HGB"/>
                  <\(p)ItemData ItemOID="IT.VALUE" Value="11.2"/>
                  <\(p)ItemData ItemOID="IT.UNIT" Value="g/dL"/>
                </\(p)ItemGroupData>
                <\(p)ItemGroupData ItemGroupOID="IG.LABS" ItemGroupRepeatKey="2">
                  <\(p)ItemData ItemOID="IT.DATE" Value="2023-01-05"/>
                  <\(p)ItemData ItemOID="IT.TEST" Value="SIFE"/>
                  <\(p)ItemData ItemOID="IT.VALUE" Value="POS"/>
                  <\(p)ItemData ItemOID="IT.UNIT" Value="" IsNull="Yes"/>
                </\(p)ItemGroupData>
              </\(p)FormData>
              <\(p)FormData FormOID="F.DEMOG">
                <\(p)ItemGroupData ItemGroupOID="IG.PATIENTS">
                  <\(p)ItemData ItemOID="IT.SEX" Value="F"/>
                  <\(p)ItemData ItemOID="IT.NOTE" Value="A &amp; B &lt;5 &#233;"/>
                </\(p)ItemGroupData>
              </\(p)FormData>
            </\(p)StudyEventData>
          </\(p)SubjectData>
          <\(p)SubjectData SubjectKey="P002">
            <\(p)SiteRef LocationOID="IT-07"/>
            <\(p)StudyEventData StudyEventOID="SE.FU" StudyEventRepeatKey="3">
              <\(p)FormData FormOID="F.LABS">
                <\(p)ItemGroupData ItemGroupOID="IG.LABS" ItemGroupRepeatKey="1">
                  <\(p)ItemData ItemOID="IT.DATE" Value="2023-02-01"/>
                  <\(p)ItemData ItemOID="IT.TEST" Value="B2M"/>
                  <\(p)ItemData ItemOID="IT.VALUE" Value="3,5"/>
                  <\(p)ItemData ItemOID="IT.UNIT" Value="mg/L"/>
                </\(p)ItemGroupData>
              </\(p)FormData>
            </\(p)StudyEventData>
          </\(p)SubjectData>
        """
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <\(p)ODM \(ns)="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Snapshot" FileOID="F.1" CreationDateTime="2024-01-01T00:00:00">
          <\(p)ClinicalData StudyOID="S.MM" MetaDataVersionOID="MDV.1">
        \(content)
          </\(p)ClinicalData>
        </\(p)ODM>

        """
}

@Suite struct ODMFileReaderTests {
    @Test
    func rowsColumnsAndProvenance() throws {
        let out = readODM(try writeTemp("site03.xml", odmDocument()))
        #expect(out.log.findings.isEmpty, "\(out.log.findings)")
        #expect(out.rows.map(\.table) == ["labs", "labs", "patients", "labs"])
        let first = try #require(out.rows.first)
        #expect(first.header.names == ["date", "test", "value", "unit", "patient_id", "site_id"])
        #expect(out.records[0] == ["date": "2023-01-05", "test": "HGB", "value": "11.2", "unit": "g/dL",
                                   "patient_id": "P001", "site_id": "IT-03"])
        #expect(out.records[1]["unit"] == "")
        #expect(out.records[2] == ["sex": "F", "note": "A & B <5 é", "patient_id": "P001", "site_id": "IT-03"])
        #expect(out.records[3]["site_id"] == "IT-07")
        #expect(out.records[3]["value"] == "3,5")
        #expect(first.site == "IT-03" && first.subject == "P001")
        #expect(first.provenance.file == "site03.xml")
        #expect(first.provenance.line == 8)
        // The subject key is masked in the path (SPEC 7); SUBJID names the subject.
        #expect(first.provenance.xmlPath == "SubjectData[@SubjectKey='*']/StudyEventData[@StudyEventOID='SE.BASELINE']/FormData[@FormOID='F.LABS']/ItemGroupData[@ItemGroupOID='IG.LABS'][@ItemGroupRepeatKey='1']")
        #expect(out.rows[3].provenance.xmlPath == "SubjectData[@SubjectKey='*']/StudyEventData[@StudyEventOID='SE.FU'][@StudyEventRepeatKey='3']/FormData[@FormOID='F.LABS']/ItemGroupData[@ItemGroupOID='IG.LABS'][@ItemGroupRepeatKey='1']")
        // Same table and item set → the same header instance; Map compiles it once.
        #expect(out.rows[0].header === out.rows[1].header)
        #expect(out.rows[0].header === out.rows[3].header)
        #expect(out.summary.rows == 4)
        #expect(out.summary.tables == ["labs", "patients"])
        #expect(out.summary.format == "odm")
    }

    @Test
    func prefixedNamespaceIsAccepted() throws {
        let plain = readODM(try writeTemp("a.xml", odmDocument()))
        let prefixed = readODM(try writeTemp("b.xml", odmDocument(prefix: "odm")))
        #expect(prefixed.records == plain.records)
        #expect(prefixed.log.findings.isEmpty)
    }

    @Test func otherProducersOIDsArePassedThrough() throws {
        let body = """
              <SubjectData SubjectKey="SS_0001" OpenClinica:StudySubjectID="0001" xmlns:OpenClinica="http://www.openclinica.org/ns/odm_ext_v130/v3.1">
                <StudyEventData StudyEventOID="SE_VISIT">
                  <FormData FormOID="F_LAB_V1">
                    <ItemGroupData ItemGroupOID="IG_LAB_UNGROUPED" ItemGroupRepeatKey="1" TransactionType="Insert">
                      <ItemData ItemOID="I_LAB_HGB" Value="10.1"/>
                      <ItemData ItemOID="IT.UNIT" Value="g/dL"/>
                    </ItemGroupData>
                  </FormData>
                </StudyEventData>
              </SubjectData>
            """
        let out = readODM(try writeTemp("oc.xml", odmDocument(body: body)))
        #expect(out.rows.map(\.table) == ["ig_lab_ungrouped"])
        #expect(out.rows.first?.header.names == ["I_LAB_HGB", "unit", "patient_id", "site_id"])
        #expect(out.records.first?["site_id"] == "")
        #expect(out.records.first?["patient_id"] == "SS_0001")
    }

    /// XXE: an external entity pointing at a local file must be refused before it is read.
    @Test
    func externalEntityIsRefusedAndItsTargetNeverRead() throws {
        let secret = "TOP-SECRET-\(UUID().uuidString)"
        let secretPath = try writeTemp("secret.txt", secret)
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE ODM [ <!ENTITY xxe SYSTEM "file://\(secretPath)"> ]>
            <ODM xmlns="http://www.cdisc.org/ns/odm/v1.3"><ClinicalData StudyOID="S">
            <SubjectData SubjectKey="&xxe;"><SiteRef LocationOID="&xxe;"/>
            <StudyEventData StudyEventOID="SE"><FormData FormOID="F">
            <ItemGroupData ItemGroupOID="IG.LABS"><ItemData ItemOID="IT.VALUE" Value="&xxe;"/><ItemData ItemOID="IT.NOTE" Value="x"/>&xxe;</ItemGroupData>
            </FormData></StudyEventData></SubjectData></ClinicalData></ODM>
            """
        let out = readODM(try writeTemp("evil.xml", xml))
        #expect(out.findings(.ING009).count == 1)
        let everything = out.rows.flatMap { row in (0..<row.fieldCount).map { row.string($0) } + [row.subject ?? "", row.site ?? ""] }
            + out.log.findings.flatMap { [$0.message, $0.value, $0.source, $0.field, $0.subjectID, $0.siteID] }
        #expect(!everything.contains { $0.contains(secret) || $0.contains("TOP-SECRET") })
        #expect(!out.log.findings.contains { $0.message.contains(secretPath) })
    }

    @Test
    func billionLaughsIsRefusedQuickly() throws {
        var decls = "<!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            let prev = i == 1 ? "lol" : "lol\(i - 1)"
            decls += "<!ENTITY lol\(i) \"" + String(repeating: "&\(prev);", count: 10) + "\">\n"
        }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE ODM [\n\(decls)]>
            <ODM><ClinicalData StudyOID="S"><SubjectData SubjectKey="P1"><StudyEventData StudyEventOID="SE"><FormData FormOID="F">
            <ItemGroupData ItemGroupOID="IG.LABS"><ItemData ItemOID="IT.VALUE" Value="&lol9;"/></ItemGroupData>
            </FormData></StudyEventData></SubjectData></ClinicalData></ODM>
            """
        let path = try writeTemp("bomb.xml", xml)
        let clock = ContinuousClock()
        let started = clock.now
        let out = readODM(path)
        #expect(clock.now - started < .seconds(2))
        #expect(out.findings(.ING009).count == 1)
        #expect(out.rows.isEmpty)
    }

    @Test
    func malformedXMLKeepsRowsBeforeTheError() throws {
        let body = """
              <SubjectData SubjectKey="P001"><SiteRef LocationOID="S1"/>
                <StudyEventData StudyEventOID="SE"><FormData FormOID="F">
                  <ItemGroupData ItemGroupOID="IG.LABS"><ItemData ItemOID="IT.TEST" Value="HGB"/></ItemGroupData>
                  <ItemGroupData ItemGroupOID="IG.LABS"><ItemData ItemOID="IT.TEST" Value="ALB"/></ItemGroupData>
                  <ItemGroupData ItemGroupOID="IG.LABS"><ItemData ItemOID="IT.TEST" Value="CA"></ItemGroupData>
                </FormData></StudyEventData>
              </SubjectData>
            """
        let out = readODM(try writeTemp("broken.xml", odmDocument(body: body)))
        #expect(out.records.map { $0["test"] } == ["HGB", "ALB"])
        let malformed = out.findings(.ING008)
        #expect(malformed.count == 1)
        #expect(malformed.first?.source.hasPrefix("broken.xml:8") == true)
        #expect(out.summary.rejectedRows == 1)
    }

    @Test func oversizedValueIsRejected() throws {
        let big = String(repeating: "v", count: 200)
        let body = """
              <SubjectData SubjectKey="P1"><StudyEventData StudyEventOID="SE"><FormData FormOID="F">
                <ItemGroupData ItemGroupOID="IG.LABS"><ItemData ItemOID="IT.VALUE" Value="\(big)"/></ItemGroupData>
                <ItemGroupData ItemGroupOID="IG.LABS"><ItemData ItemOID="IT.VALUE" Value="ok"/></ItemGroupData>
              </FormData></StudyEventData></SubjectData>
            """
        let out = readODM(try writeTemp("big.xml", odmDocument(body: body)), limits: ReadLimits(maxFieldBytes: 199))
        #expect(out.records.map { $0["value"] } == ["ok"])
        #expect(out.findings(.ING007).first?.field == "value")
        #expect(out.findings(.ING007).first?.subjectID == "P1")
        #expect(out.log.rejectedRows["labs"] == 1)
    }

    /// libxml2's push parser keeps an unfinished start tag in memory: a 40 MB attribute that
    /// never closes is refused once the reader's bound is reached, rows before it are kept.
    @Test func runawayAttributeIsBounded() throws {
        let head = odmDocument(body: """
              <SubjectData SubjectKey="P1"><StudyEventData StudyEventOID="SE"><FormData FormOID="F">
                <ItemGroupData ItemGroupOID="IG.LABS"><ItemData ItemOID="IT.VALUE" Value="ok"/></ItemGroupData>
                <ItemGroupData ItemGroupOID="IG.LABS"><ItemData ItemOID="IT.VALUE" Value="
            """).components(separatedBy: "</ClinicalData>")[0]
        let dir = try temporaryDirectory()
        let path = (dir as NSString).appendingPathComponent("runaway.xml")
        _ = FileManager.default.createFile(atPath: path, contents: Data(head.utf8))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        let block = Data(repeating: UInt8(ascii: "w"), count: 1 << 20)
        for _ in 0..<40 { handle.write(block) }
        handle.closeFile()
        let before = peakRSS()
        let out = readODM(path)
        let grown = peakRSS() - before
        #expect(out.records.map { $0["value"] } == ["ok"])
        #expect(out.findings(.ING007).count == 1)
        #expect(out.log.rejectedRows["labs"] == 1)
        #expect(grown < 25_000_000, "reading grew the peak RSS by \(grown) bytes")
    }

    @Test func unreadableAndEmptyDocuments() throws {
        #expect(readODM("/nonexistent/site.xml").findings(.ING001).count == 1)
        let empty = readODM(try writeTemp("empty.xml", odmDocument(body: "")))
        #expect(empty.findings(.ING011).count == 1)
    }

    /// The same small dataset as CSV and as ODM gives the same (table, column → value) rows.
    @Test
    func csvAndODMOfTheSameDataAgree() throws {
        let csv = readCSV(try writeTemp("labs.csv", """
            patient_id,site_id,date,test,value,unit
            P001,IT-03,2023-01-05,HGB,11.2,g/dL
            P001,IT-03,2023-01-05,SIFE,POS,
            P002,IT-07,2023-02-01,B2M,"3,5",mg/L

            """))
        let odm = readODM(try writeTemp("site.xml", odmDocument()))
        let odmLabs = zip(odm.rows, odm.records).filter { $0.0.table == "labs" }.map(\.1)
        #expect(csv.records == odmLabs)
        #expect(csv.rows.map(\.table) == ["labs", "labs", "labs"])
    }

    /// ODM 1.3.1 namespace, two ClinicalData blocks, the same subject in both, an empty
    /// ItemGroupData and attributes in any order.
    @Test func severalClinicalDataBlocksInODM131() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.1" FileType="Transactional" FileOID="T" CreationDateTime="2024-01-01T00:00:00">
            <ClinicalData StudyOID="S.A" MetaDataVersionOID="1">
              <SubjectData TransactionType="Insert" SubjectKey="P1"><SiteRef LocationOID="S1"/>
                <StudyEventData StudyEventOID="SE"><FormData FormOID="F"><ItemGroupData ItemGroupOID="IG.THERAPIES">
                  <ItemData Value="DARA" ItemOID="IT.DRUG"/></ItemGroupData></FormData></StudyEventData>
              </SubjectData>
            </ClinicalData>
            <ClinicalData StudyOID="S.A" MetaDataVersionOID="1">
              <SubjectData SubjectKey="P1" TransactionType="Update"><SiteRef LocationOID="S1"/>
                <StudyEventData StudyEventOID="SE"><FormData FormOID="F">
                  <ItemGroupData ItemGroupOID="IG.THERAPIES"><ItemData ItemOID="IT.DRUG" Value="POM"/></ItemGroupData>
                  <ItemGroupData ItemGroupOID="IG.THERAPIES"/>
                </FormData></StudyEventData>
              </SubjectData>
            </ClinicalData>
            </ODM>
            """
        let out = readODM(try writeTemp("tx.xml", xml))
        #expect(out.log.findings.isEmpty)
        #expect(out.records == [["drug": "DARA", "patient_id": "P1", "site_id": "S1"],
                                ["drug": "POM", "patient_id": "P1", "site_id": "S1"],
                                ["patient_id": "P1", "site_id": "S1"]])
        #expect(out.rows.map(\.provenance.line) == [5, 12, 13])
        #expect(out.rows[0].header === out.rows[1].header)
    }

    @Test func declaredLatin1IsReadAsUTF8() throws {
        let body = """
              <SubjectData SubjectKey="P1"><StudyEventData StudyEventOID="SE"><FormData FormOID="F">
                <ItemGroupData ItemGroupOID="IG.ADVERSE_EVENTS"><ItemData ItemOID="IT.TERM" Value="Niccolò febbre"/></ItemGroupData>
              </FormData></StudyEventData></SubjectData>
            """
        let xml = odmDocument(body: body).replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
        let latin1 = xml.unicodeScalars.map { UInt8($0.value) }
        let out = readODM(try writeTemp("latin1.xml", latin1))
        #expect(out.records.first?["term"] == "Niccolò febbre")
        #expect(out.rows.first?.table == "adverse_events")
        #expect(out.summary.encoding == "ISO-8859-1")
    }

    /// Readers of different files run on several threads at once (the pipeline reads files
    /// in parallel); libxml2 is initialised once.
    @Test func readersRunConcurrently() throws {
        let odm = try writeTemp("site.xml", odmDocument())
        let csv = try writeTemp("labs.csv", "patient_id,site_id,value\nP1,S1,1\nP2,S1,2\n")
        let counts = Counts()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let n = i % 2 == 0 ? readODM(odm).rows.count : readCSV(csv).rows.count
            counts.add(n)
        }
        #expect(counts.values.sorted() == [2, 2, 2, 2, 4, 4, 4, 4])
    }
}

/// A thread-safe list of counts for the concurrency test.
final class Counts: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func add(_ n: Int) { lock.lock(); list.append(n); lock.unlock() }
    var values: [Int] { lock.lock(); defer { lock.unlock() }; return list }
}
