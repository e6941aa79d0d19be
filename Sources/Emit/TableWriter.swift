import Foundation
import MMModel

/// One output table written row by row (SPEC 7, 8): each row's cells are computed once, its CSV
/// line written at once, and its SQLite cells spooled in the run's byte form, so that the six
/// dataset tables can be written side by side patient by patient while `dataset.sqlite` is
/// still filled table after table in output order (its bytes depend on that order).
final class TableWriter<Row> {
    let table: TableDefinition<Row>
    private let file: OutputFile
    private let name: String
    private let csvIndices: [Int]
    private let sqlIndices: [Int]
    /// nil when no SQLite store is written (validation mode).
    let spool: CellSpool?
    private(set) var count = 0
    private var line: [UInt8] = []
    private var cells: [Cell] = []

    /// `name`: the file's path in the output folder, when not the table's own file name.
    init(_ table: TableDefinition<Row>, directory: String, sqlite: Bool, name: String? = nil) throws(EmitError) {
        self.table = table
        file = try OutputFile(directory: directory, name: name ?? table.schema.fileName)
        self.name = name ?? table.schema.fileName
        let columns = table.columns
        csvIndices = columns.indices.filter { columns[$0].spec.targets.contains(.csv) }
        sqlIndices = columns.indices.filter { columns[$0].spec.targets.contains(.sqlite) }
        spool = sqlite ? CellSpool(schema: table.schema, types: sqlIndices.map { columns[$0].spec.type }, directory: directory) : nil
        line.reserveCapacity(1024)
        cells.reserveCapacity(columns.count)
        try file.write(CSVEncoder.record(csvIndices.map { columns[$0].spec.name }))
    }

    func append(_ row: Row) throws(EmitError) {
        let columns = table.columns
        cells.removeAll(keepingCapacity: true)
        for c in columns { cells.append(c.value(row)) }
        line.removeAll(keepingCapacity: true)
        for (n, i) in csvIndices.enumerated() {
            if n > 0 { line.append(0x2C) }
            CSVEncoder.appendCell(cells[i], type: columns[i].spec.type, to: &line)
        }
        line.append(0x0A)
        try file.write(line)
        if let spool {
            for i in sqlIndices { spool.append(columns[i].sqliteValue.map { value in value(row) } ?? cells[i]) }
            try spool.endRow()
        }
        count += 1
    }

    func append(contentsOf rows: some Sequence<Row>) throws(EmitError) {
        for row in rows { try append(row) }
    }

    /// Flushes, fsyncs and names the CSV file.
    func finish() throws(EmitError) -> WrittenFile {
        let hash = try file.finish()
        return WrittenFile(name: name, sha256: hash, rows: count, bytes: file.byteCount)
    }
}

/// A table's SQLite cells in the order they were written: in memory up to a few MB, then in a
/// temporary file (SPEC 8: bounded memory at any cohort size), replayed into the store by
/// `load(into:)`.
final class CellSpool: @unchecked Sendable {
    // Written by the emitting thread, then read once by the SQLite thread after `finish`.
    let schema: TableSchema
    let types: [ColumnType]
    private let directory: String
    private var buffer = ByteWriter()
    private var file: SpillFile?
    private var segments: [(offset: Int, count: Int)] = []
    /// Spooled bytes held per table before they are spilled. The buffer keeps its capacity
    /// (twice this, once it has spilled) through the run: seven tables, so 1 MB (SPEC 8).
    static let flushBytes = 1 << 20

    init(schema: TableSchema, types: [ColumnType], directory: String) {
        self.schema = schema
        self.types = types
        self.directory = directory
    }

    /// One cell of the row being spooled (the row's cells in `types` order, then `endRow`).
    func append(_ cell: Cell) {
        switch cell {
        case .missing: buffer.bytes.append(0)
        case .text(let s): buffer.bytes.append(1); buffer.string(s)
        case .integer(let v): buffer.bytes.append(2); buffer.int(v)
        case .real(let v): buffer.bytes.append(3); buffer.double(v)
        case .date(let d): buffer.bytes.append(4); buffer.day(d)
        case .flag(let b): buffer.bytes.append(b ? 6 : 5)
        }
    }

    /// Ends the row: spilled past a few MB.
    func endRow() throws(EmitError) {
        if buffer.bytes.count >= Self.flushBytes { try flush() }
    }

    private func flush() throws(EmitError) {
        guard !buffer.bytes.isEmpty else { return }
        if file == nil { file = SpillFile(directory: directory) }
        guard let file, let offset = file.append(buffer.bytes) else {
            throw .cannotWrite(path: directory, reason: "no space for a temporary file of \(schema.name) rows")
        }
        segments.append((offset, buffer.bytes.count))
        buffer.bytes.removeAll(keepingCapacity: true)
    }

    /// Inserts every spooled row into `store` (the table exists; the transaction is open).
    func load(into store: SQLiteStore) throws(EmitError) {
        let insert = try SQLiteStore.Insert(store: store, schema: schema)
        var scratch: [UInt8] = []
        for (offset, count) in segments {
            guard file!.read(offset: offset, count: count, into: &scratch) else {
                throw .cannotWrite(path: store.path, reason: "a temporary file of \(schema.name) rows could not be read back")
            }
            if let failure = scratch.withUnsafeBytes({ replay($0, insert) }) { throw failure }
        }
        if let failure = buffer.bytes.withUnsafeBytes({ replay($0, insert) }) { throw failure }
        segments = []
        buffer = ByteWriter()
        file = nil
    }

    /// Inserts the rows of `raw`; the first failure, if any.
    private func replay(_ raw: UnsafeRawBufferPointer, _ insert: SQLiteStore.Insert) -> EmitError? {
        var r = ByteReader(raw)
        while !r.atEnd {
            for (n, type) in types.enumerated() {
                let cell: Cell
                switch r.byte() {
                case 0: cell = .missing
                case 1:
                    // Bound from the spool's own bytes: no String per cell (SPEC 8).
                    let count = Int(r.varint())
                    insert.bindText(n + 1, raw.baseAddress! + r.at, count: count)
                    r.at += count
                    continue
                case 4:
                    insert.bindDate(n + 1, r.day())
                    continue
                case 2: cell = .integer(r.int())
                case 3: cell = .real(r.double())
                case 5: cell = .flag(false)
                default: cell = .flag(true)
                }
                insert.bind(n + 1, cell, type: type)
            }
            do { try insert.step() } catch { return error }
        }
        return nil
    }
}

/// Fills `dataset.sqlite` on its own thread (SPEC 8: emit pipelined with the rest): the
/// dataset tables as soon as their rows are spooled, in output order, in one transaction with
/// prepared statements; then the tables written last (findings, attrition) when `finish` hands
/// them over. Meanwhile the calling thread writes `findings.csv` and the report. Once the store
/// is closed, this thread also fsyncs it and reads it back for its SHA-256 (the manifest's).
final class SQLiteLoader: @unchecked Sendable {
    /// What `finish` gives: the rows inserted and the closed file's digest.
    struct Loaded {
        var rows: Int
        var sha256: String
        var bytes: Int
    }

    // `last` and `cancelled` are set before `handedOver` is signalled; `result` is set before
    // the thread leaves `done`.
    private let done = DispatchGroup()
    private let handedOver = DispatchSemaphore(value: 0)
    private var last: [CellSpool] = []
    private var cancelled = false
    private var result: Result<Loaded, EmitError> = .failure(.cannotWrite(path: "dataset.sqlite", reason: "not written"))

    init(path: String, schemas: [TableSchema], tables: [CellSpool]) {
        done.enter()
        Thread.detachNewThread { [self] in
            defer { done.leave() }
            do throws(EmitError) {
                let store = try SQLiteStore(path: path)
                for schema in schemas { try store.exec(SQLiteStore.createStatement(schema)) }
                try store.begin()
                for spool in tables { try spool.load(into: store) }
                handedOver.wait()
                guard !cancelled else { return }
                for spool in last { try spool.load(into: store) }
                let rows = store.rowCount
                try store.commit()
                try store.close()
                try AtomicFolder.fsyncFile(path)
                guard let digest = Digest.sha256Hex(ofFile: path) else {
                    throw .cannotWrite(path: path, reason: "cannot read it back")
                }
                result = .success(Loaded(rows: rows, sha256: digest.hex, bytes: digest.bytes))
            } catch {
                result = .failure(error)
            }
        }
    }

    /// Hands over the tables written last and waits for the store: its rows and digest.
    func finish(last: [CellSpool]) throws(EmitError) -> Loaded {
        self.last = last
        handedOver.signal()
        done.wait()
        return try result.get()
    }

    /// Stops the thread (the run failed) and waits for it, so that nothing writes into a folder
    /// being removed.
    func cancel() {
        cancelled = true
        handedOver.signal()
        done.wait()
    }
}
