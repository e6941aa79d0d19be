import Foundation
import MMModel
import Testing
@testable import MMIngest

/// Malformed input that used to be lost or misplaced silently (issue 18).
@Suite struct MalformedInputTests {
    @Test("18.6: a lone CR in an LF file ends a line; later rows keep their physical line")
    func loneCarriageReturnCountsAsALine() throws {
        let out = readCSV(try writeTemp("labs.csv", "patient_id,value\nP1,1\rP2,2\nP3,3\nP4\nP5,5\n"))
        #expect(out.fields == [["P1", "1"], ["P2", "2"], ["P3", "3"], ["P5", "5"]])
        #expect(out.rows.map(\.provenance.line) == [2, 3, 4, 6])
        #expect(out.findings(.ING003).map(\.source) == ["labs.csv:5"])
    }

    @Test("18.6: a CR that ends a read chunk is a line end only when no LF follows it")
    func carriageReturnAtChunkBoundary() throws {
        // The first row is padded so that its CR is the last byte of the first 1 MiB chunk.
        let header = "patient_id,value\n"
        let padding = String(repeating: "x", count: CSVFileReader.chunkSize - header.utf8.count - 4)
        for (eol, lines) in [("\r", [2, 3, 4]), ("\r\n", [2, 3, 4])] {
            let text = header + "P1," + padding + eol + "P2,2\nP3,3\n"
            let out = readCSV(try writeTemp("labs.csv", text), limits: ReadLimits(maxFieldBytes: 2 << 20, maxRowBytes: 4 << 20))
            #expect(out.rows.map(\.provenance.line) == lines, "end of line \(eol.debugDescription)")
        }
    }

    @Test("18.5: a UTF-16 file is an encoding problem (ING-002 ERROR), not missing columns")
    func utf16IsRefusedAsAnEncodingProblem() throws {
        let text = "patient_id,site_id,value\nP1,S1,1\n"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let beNoBOM: [UInt8] = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let cases: [([UInt8], String)] = [(le, "UTF-16LE"), (beNoBOM, "UTF-16BE")]
        for (bytes, encoding) in cases {
            let out = readCSV(try writeTemp("labs.csv", bytes))
            #expect(out.rows.isEmpty)
            #expect(out.log.findings.map(\.rule.id) == ["ING-002"])
            let f = try #require(out.log.findings.first)
            #expect(f.severity == .error && f.value == encoding && f.table == .labs)
            #expect(out.summary.encoding == encoding)
        }
    }

    @Test("18.7: a FIFO or a device among the inputs is refused (ING-001), never read or waited on")
    func fifoAndDeviceAreRefused() throws {
        let dir = try temporaryDirectory()
        let fifo = (dir as NSString).appendingPathComponent("labs.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        let csv = readCSV(fifo)
        #expect(csv.log.findings.map(\.rule.id) == ["ING-001"])
        #expect(csv.log.findings.first?.message.contains("FIFO") == true)
        let device = readODM("/dev/zero")
        #expect(device.log.findings.map(\.rule.id) == ["ING-001"])
        #expect(device.log.findings.first?.message.contains("device") == true)
    }

    /// Three lab rows of one subject; `middle` replaces the second row's items.
    static func threeRows(middle: String, groupAttributes: String = "") -> String {
        odmDocument(body: """
              <SubjectData SubjectKey="P1"><SiteRef LocationOID="S1"/><StudyEventData StudyEventOID="SE"><FormData FormOID="F">
                <ItemGroupData ItemGroupOID="IG.LABS" ItemGroupRepeatKey="1"><ItemData ItemOID="IT.TEST" Value="HGB"/></ItemGroupData>
                <ItemGroupData ItemGroupOID="IG.LABS" ItemGroupRepeatKey="2"\(groupAttributes)>\(middle)</ItemGroupData>
                <ItemGroupData ItemGroupOID="IG.LABS" ItemGroupRepeatKey="3"><ItemData ItemOID="IT.TEST" Value="CA"/></ItemGroupData>
              </FormData></StudyEventData></SubjectData>
            """)
    }

    @Test("18.2: an ItemGroupData repeating an ItemOID is rejected alone, named at its line and masked path")
    func repeatedItemOIDRejectsTheRowOnly() throws {
        let xml = Self.threeRows(middle: #"<ItemData ItemOID="IT.TEST" Value="ALB"/><ItemData ItemOID="IT.TEST" Value="B2M"/>"#)
        let out = readODM(try writeTemp("s04.xml", xml))
        #expect(out.records.map { $0["test"] } == ["HGB", "CA"])
        let f = try #require(out.findings(.ING006).first)
        #expect(out.log.findings.count == 1)
        #expect(f.source == "s04.xml:6 SubjectData[@SubjectKey='*']/StudyEventData[@StudyEventOID='SE']/FormData[@FormOID='F']/ItemGroupData[@ItemGroupOID='IG.LABS'][@ItemGroupRepeatKey='2']")
        #expect(f.field == "test" && f.subjectID == "P1" && f.table == .labs && !f.message.contains("not read"))
        #expect(out.log.rejectedRows["labs"] == 1 && out.summary.rejectedRows == 1)
        #expect(out.log.audit.map(\.action) == [.reject])
    }

    @Test("18.9: one value larger than libxml2 would hold rejects its row only; the rows after it are read")
    func oversizedValueRejectsOneRowAndReadingGoesOn() throws {
        let huge = String(repeating: "w", count: 6 << 20)
        let out = readODM(try writeTemp("big.xml", Self.threeRows(middle: "<ItemData ItemOID=\"IT.NOTE\" Value=\"\(huge)\"/>")))
        #expect(out.records.map { $0["test"] } == ["HGB", "CA"])
        #expect(out.log.findings.map(\.rule.id) == ["ING-007"])
        #expect(out.findings(.ING007).first?.source.hasPrefix("big.xml:6 ") == true)
        #expect(out.log.rejectedRows["labs"] == 1)
    }

    @Test("18.9: the value limiter passes values cut by a chunk end through unchanged, in any chunking")
    func limiterKeepsValuesAcrossChunks() throws {
        let xml = Array(Self.threeRows(middle: #"<ItemData ItemOID="IT.TEST" Value="A&amp;B é"/><!-- "x' > -->"#).utf8)
        for size in [1, 2, 3, 7, 64] {
            var limiter = ODMValueLimiter(limit: 40)
            var fed: [UInt8] = []
            var i = 0
            while i < xml.count {
                let chunk = Array(xml[i..<min(i + size, xml.count)])
                chunk.withUnsafeBytes { limiter.filter($0) { fed.append(contentsOf: $0) } }
                i += size
            }
            limiter.finish { fed.append(contentsOf: $0) }
            #expect(fed == xml, "chunks of \(size)")
        }
        // Over the limit: the value becomes limit + 1 filler bytes, the rest is kept.
        var limiter = ODMValueLimiter(limit: 4)
        var fed: [UInt8] = []
        Array(#"<a b="0123456789" c='ok'>t</a>"#.utf8).withUnsafeBytes { limiter.filter($0) { fed.append(contentsOf: $0) } }
        #expect(String(decoding: fed, as: UTF8.self) == #"<a b="xxxxx" c='ok'>t</a>"#)
    }

    @Test("Also: a DOCTYPE naming an external DTD (SYSTEM) is refused with ING-009")
    func doctypeWithSystemIdentifierIsRefused() throws {
        let xml = odmDocument().replacingOccurrences(of: "<ODM ", with: "<!DOCTYPE ODM SYSTEM \"odm1-3-2.dtd\">\n<ODM ")
        let out = readODM(try writeTemp("dtd.xml", xml))
        #expect(out.rows.isEmpty)
        #expect(out.log.findings.map(\.rule.id) == ["ING-009"])
    }

    @Test("Also: ItemData outside any ItemGroupData is named (ING-015), not ignored")
    func itemDataOutsideItemGroupIsNamed() throws {
        let xml = odmDocument(body: """
              <SubjectData SubjectKey="P1"><SiteRef LocationOID="S1"/><StudyEventData StudyEventOID="SE"><FormData FormOID="F">
                <ItemData ItemOID="IT.VALUE" Value="11"/>
                <ItemGroupData ItemGroupOID="IG.LABS"><ItemData ItemOID="IT.TEST" Value="HGB"/></ItemGroupData>
              </FormData></StudyEventData></SubjectData>
            """)
        let out = readODM(try writeTemp("stray.xml", xml))
        #expect(out.records.map { $0["test"] } == ["HGB"])
        let f = try #require(out.findings(.ING015).first)
        #expect(out.log.findings.count == 1)
        #expect(f.field == "value" && f.source.hasPrefix("stray.xml:5 SubjectData[@SubjectKey='*']"))
    }

    @Test("Also: TransactionType=\"Remove\" on a row, an item or an enclosing element refuses the row (ING-015)", arguments: [
        (#"<ItemData ItemOID="IT.TEST" Value="ALB"/>"#, #" TransactionType="Remove""#),
        (#"<ItemData ItemOID="IT.TEST" Value="ALB" TransactionType="Remove"/>"#, ""),
    ])
    func removedDataIsRefused(_ middle: String, _ attributes: String) throws {
        let out = readODM(try writeTemp("tx.xml", Self.threeRows(middle: middle, groupAttributes: attributes)))
        #expect(out.records.map { $0["test"] } == ["HGB", "CA"])
        #expect(out.log.findings.map(\.rule.id) == ["ING-015"])
        #expect(out.log.rejectedRows["labs"] == 1)
        let removedForm = Self.threeRows(middle: middle).replacingOccurrences(of: #"<FormData FormOID="F">"#,
                                                                               with: #"<FormData FormOID="F" TransactionType="Remove">"#)
        let all = readODM(try writeTemp("tx.xml", removedForm))
        #expect(all.rows.isEmpty && all.log.rejectedRows["labs"] == 3)
    }
}
