import Foundation
import MMModel
import Testing
@testable import MMIngest

/// CSV reader (SPEC 4.1, SPEC 5 `ING`).
@Suite struct CSVFileReaderTests {
    @Test func quotedFieldsKeepDelimitersQuotesAndNewlines() throws {
        let path = try writeTemp("labs.csv", """
            patient_id,site_id,note
            P1,S1,"a,b ""quoted""
            second line"
            P2,S1,plain  \n
            """)
        let out = readCSV(path)
        #expect(out.fields == [["P1", "S1", "a,b \"quoted\"\nsecond line"], ["P2", "S1", "plain  "]])
        #expect(out.rows.map(\.table) == ["labs", "labs"])
        #expect(out.log.findings.isEmpty)
        #expect(out.summary.rows == 2)
        // One header instance per file.
        #expect(out.rows[0].header === out.rows[1].header)
    }

    @Test func oldMacCREndingsCountLines() throws {
        let out = readCSV(try writeTemp("labs.csv", "patient_id,value\rP1,1\r\rP2,\"a\rb\"\rP3,3"))
        #expect(out.fields == [["P1", "1"], ["P2", "a\rb"], ["P3", "3"]])
        #expect(out.rows.map(\.provenance.line) == [2, 4, 6])
    }

    @Test func crlfAndLFGiveIdenticalRows() throws {
        let text = "patient_id,site_id,value\nP1,S1,\"x\ny\"\n\nP2,S1,3\n"
        let lf = readCSV(try writeTemp("labs.csv", text))
        let crlf = readCSV(try writeTemp("labs.csv", text.replacingOccurrences(of: "\n", with: "\r\n")))
        #expect(lf.fields.count == 2)
        #expect(lf.fields == [["P1", "S1", "x\ny"], ["P2", "S1", "3"]])
        // Inside the quoted field CRLF stays CRLF (RFC 4180 keeps field content as written).
        #expect(crlf.fields.map { $0.map { $0.replacingOccurrences(of: "\r\n", with: "\n") } } == lf.fields)
        #expect(crlf.rows.map(\.provenance.line) == lf.rows.map(\.provenance.line))
        #expect(lf.rows.map(\.provenance.line) == [2, 5])
    }

    @Test func byteOrderMarkIsStripped() throws {
        let path = try writeTemp("patients.csv", [0xEF, 0xBB, 0xBF] + Array("patient_id,sex\nP1,F\n".utf8))
        let out = readCSV(path)
        #expect(out.rows.first?.header.names == ["patient_id", "sex"])
        #expect(out.rows.first?.string(named: "patient_id") == "P1")
        #expect(out.summary.encoding == "UTF-8 (BOM)")
        #expect(out.findings(.ING002).isEmpty)
    }

    @Test func windows1252SemicolonCopyReadsLikeUTF8Original() throws {
        let names = ["Niccolò", "€ 12,50", "Œuvre – “citato” — ‘x’ … ™ Ÿ š ž", "José Müller"]
        var utf8 = "patient_id,site_id,term\n"
        var cp = "patient_id;site_id;term\r\n"
        for (i, n) in names.enumerated() {
            utf8 += "P\(i),S1,\"\(n)\"\n"
            cp += "P\(i);S1;\(n)\r\n"
        }
        let original = readCSV(try writeTemp("adverse_events.csv", utf8))
        let legacy = readCSV(try writeTemp("adverse_events.csv", windows1252(cp)))
        #expect(original.fields.map { $0[2] } == names)
        #expect(legacy.fields == original.fields)
        #expect(legacy.summary.encoding == "Windows-1252")
        #expect(legacy.summary.delimiter == ";")
        #expect(original.summary.encoding == "UTF-8")
        let ing002 = legacy.findings(.ING002)
        #expect(ing002.count == 1)
        #expect(ing002.first?.source == "adverse_events.csv:2")
        #expect(ing002.first?.field == "term")
    }

    @Test func provenanceLineIsThePhysicalStartLine() throws {
        let text = "patient_id,site_id,note\r\n\r\nP1,S1,\"one\r\ntwo\r\nthree\"\r\nP2,S1,x\r\n\n\n\"P3\",S1,\"\n\"\nP4,S1,last"
        let out = readCSV(try writeTemp("labs.csv", text))
        #expect(out.rows.map(\.provenance.line) == [3, 6, 9, 11])
        #expect(out.rows.map { $0.provenance.source } == ["labs.csv:3", "labs.csv:6", "labs.csv:9", "labs.csv:11"])
        #expect(out.rows.last?.string(2) == "last")
    }

    @Test func raggedRowIsRejectedCountedAndNamed() throws {
        let text = "patient_id,site_id,test,value\nP1,S1,HGB,11\nP2,S1,HGB,11,extra\nP3,S2,HGB\nP4,S1,HGB,9\n"
        let out = readCSV(try writeTemp("labs.csv", text))
        #expect(out.fields.map { $0[0] } == ["P1", "P4"])
        let ragged = out.findings(.ING003)
        #expect(ragged.map(\.source) == ["labs.csv:3", "labs.csv:4"])
        #expect(ragged.map(\.subjectID) == ["P2", "P3"])
        #expect(ragged.map(\.siteID) == ["S1", "S2"])
        #expect(ragged[0].message.contains("5 fields but the header has 4 columns"))
        #expect(out.summary.rejectedRows == 2)
        #expect(out.log.rejectedRows["labs"] == 2)
        #expect(out.log.audit.filter { $0.action == .reject }.count == 2)
    }

    @Test func oversizedFieldIsRejectedAndReadingGoesOn() throws {
        let limits = ReadLimits(maxFieldBytes: 100, maxRowBytes: 1_000)
        let atLimit = String(repeating: "a", count: 100)
        let pastLimit = String(repeating: "b", count: 101)
        let text = "patient_id,site_id,note\nP1,S1,\(atLimit)\nP2,S1,\"\(pastLimit)\"\nP3,S1,ok\n"
        let out = readCSV(try writeTemp("labs.csv", text), limits: limits)
        #expect(out.fields.map { $0[0] } == ["P1", "P3"])
        let oversized = out.findings(.ING007)
        #expect(oversized.count == 1)
        #expect(oversized.first?.source == "labs.csv:3")
        #expect(oversized.first?.field == "note")
        #expect(oversized.first?.subjectID == "P2")
        #expect(out.summary.rejectedRows == 1)
        #expect(out.log.rejectedRows["labs"] == 1)
    }

    @Test func oversizedRowIsRejected() throws {
        let limits = ReadLimits(maxFieldBytes: 100, maxRowBytes: 150)
        let field = String(repeating: "c", count: 80)
        let text = "a,b,c\n1,\(field),\(field)\n1,2,3\n"
        let out = readCSV(try writeTemp("labs.csv", text), limits: limits)
        #expect(out.fields == [["1", "2", "3"]])
        #expect(out.findings(.ING007).first?.field == "c")
    }

    /// A 50 MB quoted field that never closes: rejected, ING-008, and libcsv's buffer never
    /// grows with it (SPEC 5 safety).
    @Test func runawayQuoteOf50MBStaysBounded() throws {
        let dir = try temporaryDirectory()
        let path = (dir as NSString).appendingPathComponent("labs.csv")
        _ = FileManager.default.createFile(atPath: path, contents: Data("patient_id,site_id,note\nP1,S1,ok\nP2,S1,\"".utf8))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        let block = Data(repeating: UInt8(ascii: "z"), count: 1 << 20)
        for i in 0..<50 {
            handle.write(block)
            if i % 10 == 0 { handle.write(Data("\nP9,S1,looks like a row\n".utf8)) }
        }
        handle.closeFile()
        let before = peakRSS()
        let out = readCSV(path)
        let grown = peakRSS() - before
        #expect(out.fields == [["P1", "S1", "ok"]])
        #expect(out.findings(.ING007).first?.source == "labs.csv:3")
        #expect(out.findings(.ING008).count == 1)
        #expect(out.summary.rejectedRows == 1)
        #expect(grown < 20_000_000, "reading grew the peak RSS by \(grown) bytes")
    }

    @Test func longQuotedFieldThatClosesResynchronises() throws {
        let limits = ReadLimits(maxFieldBytes: 1_000, maxRowBytes: 10_000)
        let long = String(repeating: "x\n", count: 200_000)
        let text = "patient_id,note\nP1,\"\(long)\"\nP2,after\n"
        let out = readCSV(try writeTemp("labs.csv", text), limits: limits)
        #expect(out.fields == [["P2", "after"]])
        #expect(out.rows.first?.provenance.line == 200_003)
        #expect(out.findings(.ING007).map(\.source) == ["labs.csv:2"])
    }

    @Test func unterminatedQuoteAtEndOfFile() throws {
        let out = readCSV(try writeTemp("labs.csv", "patient_id,note\nP1,fine\nP2,\"never closed\nP3,lost\n"))
        #expect(out.fields == [["P1", "fine"]])
        let malformed = out.findings(.ING008)
        #expect(malformed.count == 1)
        #expect(malformed.first?.source == "labs.csv:3")
        #expect(malformed.first?.field == "note")
        #expect(out.summary.rejectedRows == 1)
    }

    @Test(arguments: [
        ("labs.csv", "labs"), ("LABS.CSV", "labs"), ("site03_labs.csv", "labs"), ("site03-therapies.csv", "therapies"),
        ("export.adverse_events.csv", "adverse_events"), ("site_adverse_events.csv", "adverse_events"),
        ("mylabs.csv", "mylabs"), ("Patients.txt", "patients"), ("redcap_export.csv", "redcap_export"),
        ("/a/b/cytogenetics.csv", "cytogenetics"), ("assessments2.csv", "assessments2"),
    ])
    func tableNameFromFileName(file: String, table: String) {
        #expect(TableNaming.table(forFile: file) == table)
    }

    @Test func semicolonSniffedOutsideQuotes() throws {
        let out = readCSV(try writeTemp("labs.csv", "\"a,b,c\";d\n\"1,2\";0,92\n"))
        #expect(out.summary.delimiter == ";")
        #expect(out.fields == [["1,2", "0,92"]])
    }

    @Test func emptyHeaderOnlyAndMissingFiles() throws {
        let empty = readCSV(try writeTemp("labs.csv", ""))
        #expect(empty.findings(.ING011).count == 1)
        // A header-only table (e.g. no FISH done yet) is information, not an error (SPEC 4.1).
        let headerOnly = readCSV(try writeTemp("cytogenetics.csv", "patient_id,site_id\n\n"))
        #expect(headerOnly.findings(.ING011).isEmpty)
        #expect(headerOnly.findings(.ING014).count == 1)
        #expect(headerOnly.findings(.ING014).first?.severity == .info)
        #expect(headerOnly.rows.isEmpty)
        let missing = readCSV("/nonexistent/labs.csv")
        #expect(missing.findings(.ING001).count == 1)
        #expect(missing.findings(.ING001).first?.message.contains("labs.csv cannot be read") == true)
        let directory = readCSV(try temporaryDirectory())
        #expect(directory.findings(.ING001).count == 1)
    }

    @Test func duplicateHeaderRejectsTheFile() throws {
        let out = readCSV(try writeTemp("labs.csv", "patient_id,value,Value\nP1,1,2\nP2,3,4\n"))
        #expect(out.rows.isEmpty)
        #expect(out.findings(.ING006).first?.field == "Value")
        #expect(out.summary.rejectedRows == 2)
        #expect(out.log.rejectedRows["labs"] == 2)
    }

    @Test func bareScanCountsWhatTheReaderReads() throws {
        let path = try writeTemp("labs.csv", "a;b\n1;\"2\n3\"\n4;5\n")
        let scan = CSVFileReader.scan(path: path)
        #expect(scan.readable)
        #expect(scan.rows == 2)
        #expect(scan.fields == 6)
        #expect(scan.bytes == 16)
        #expect(readCSV(path).rows.count == scan.rows)
        #expect(!CSVFileReader.scan(path: "/nonexistent.csv").readable)
    }

    @Test func invalidUTF8SequencesAreDetected() {
        let cases: [([UInt8], Bool)] = [
            (Array("ascii".utf8), true), (Array("Niccolò €".utf8), true), ([0xC3], false), ([0xC0, 0x80], false),
            ([0xED, 0xA0, 0x80], false), ([0xF4, 0x90, 0x80, 0x80], false), ([0xF0, 0x9F, 0x98, 0x80], true),
            ([0x4E, 0x69, 0x63, 0x63, 0x6F, 0x6C, 0xF2], false),
        ]
        for (bytes, valid) in cases {
            #expect(bytes.withUnsafeBytes { TextEncoding.isValidUTF8($0) } == valid, "\(bytes)")
        }
    }
}
