import Foundation
import MMIngest
import MMModel
import Testing
@testable import MMMap

/// Throughput of the map stage's hot path (lab rows), beside the code it measures. Not a
/// timed unit test: it runs only with `MMPIPE_BENCH=1` and prints rows per second.
/// `MMPIPE_BENCH=1 swift test -c release --filter MapBenchmark`
@Suite("Map benchmark", .enabled(if: ProcessInfo.processInfo.environment["MMPIPE_BENCH"] != nil))
struct MapBenchmark {
    @Test("lab rows per second (mixed units, decimal comma, conversions)")
    func labRows() throws {
        let pipeline = try referencePipeline()
        let header = ColumnHeader(names: ["patient_id", "site_id", "date", "test", "value", "unit", "lln", "uln"])
        var log = StageLog()
        let tm = try #require(RecordMapper(pipeline: pipeline).tableMapper(table: "labs", header: header, file: InputFile(path: "labs.csv", format: .csv), log: &log))
        let templates: [[String]] = [
            ["P000123", "S01", "2024-03-01", "SPEP_M", "1.25", "g/dL", "", ""],
            ["P000123", "S01", "2024-03-01", "HGB", "112", "g/L", "", ""],
            ["P000123", "S01", "01/03/2024", "CREAT", "0,92", "mg/dL", "0.5", "1.2"],
            ["P000123", "S01", "2024-03-01", "FLC_K", "35.5", "mg/L", "3.3", "19.4"],
            ["P000123", "S01", "2024-03-01", "LDH", "230", "U/L", "", "248"],
            ["P000123", "S01", "2024-03-01", "SIFE", "POS", "", "", ""],
        ]
        let rows = templates.map { rawRow("labs", header, $0) }
        let n = 300_000
        var batch = RecordBatch()
        batch.labs.reserveCapacity(n)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for i in 0..<n { tm.map(rows[i % rows.count], into: &batch, log: &log) }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("map benchmark: \(n) lab rows in \(String(format: "%.3f", seconds)) s = \(Int(Double(n) / seconds)) rows/s; audit entries \(log.audit.count)")
        #expect(batch.labs.count == n)
    }
}
