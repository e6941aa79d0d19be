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
            #expect(out.log.findings.map(\.ruleID) == ["ING-002"])
            let f = try #require(out.log.findings.first)
            #expect(f.severity == .error && f.value == encoding && f.table == "labs")
            #expect(out.summary.encoding == encoding)
        }
    }

    @Test("18.7: a FIFO or a device among the inputs is refused (ING-001), never read or waited on")
    func fifoAndDeviceAreRefused() throws {
        let dir = try temporaryDirectory()
        let fifo = (dir as NSString).appendingPathComponent("labs.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        let csv = readCSV(fifo)
        #expect(csv.log.findings.map(\.ruleID) == ["ING-001"])
        #expect(csv.log.findings.first?.message.contains("FIFO") == true)
        let device = readODM("/dev/zero")
        #expect(device.log.findings.map(\.ruleID) == ["ING-001"])
        #expect(device.log.findings.first?.message.contains("device") == true)
    }
}
