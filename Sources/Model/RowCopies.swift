/// A patient's exact copies of rows (SPEC 5 `DUP-002`; RULES.md 2.2: the first row in file
/// order is kept), found when his partition is read (`RecordCodec`, Map) and set aside before
/// they are decoded, so that a patient with millions of repeated rows is not held row by row
/// (SPEC 8: the memory bound holds for findings too). Per table: each row that was copied, once,
/// and each copy's provenance in row order, a few bytes a copy, spilled to a temporary file past
/// 64 KB of them. Validate reports them (`DuplicateRules`); nothing else uses them.
public struct RowCopies: Sendable {
    public var labs: CopyList<LabResult>
    public var cytogenetics: CopyList<CytogeneticResult>
    public var assessments: CopyList<Assessment>
    public var adverseEvents: CopyList<AdverseEvent>
    /// One entry per copied drug exposure: a regimen row expands to one exposure per drug.
    public var therapies: CopyList<TherapyExposure>

    /// `spillDirectory`: where a long list of copies goes (nil: held in memory).
    public init(spillDirectory: String?) {
        labs = CopyList(spillDirectory: spillDirectory)
        cytogenetics = CopyList(spillDirectory: spillDirectory)
        assessments = CopyList(spillDirectory: spillDirectory)
        adverseEvents = CopyList(spillDirectory: spillDirectory)
        therapies = CopyList(spillDirectory: spillDirectory)
    }

    /// No copy in any table.
    public var isEmpty: Bool {
        labs.count + cytogenetics.count + assessments.count + adverseEvents.count + therapies.count == 0
    }
}

/// One copy: the row it repeats (an index into `CopyList.originals`), its own provenance, and
/// its place among the table's kept rows of the same read (`position`: how many were decoded
/// before it), which puts it back in row order when the patient's rows are rejected whole.
public struct RowCopy: Sendable, Equatable {
    public var original: Int
    public var provenance: Provenance
    public var position: Int
}

/// The copies of one table of one patient, in row order.
public struct CopyList<Row: Sendable>: Sendable {
    /// The rows that were copied, each once, in the order of their first copy.
    public private(set) var originals: [Row] = []
    /// Copies listed.
    public private(set) var count = 0
    /// Source rows they come from: a run of copies with the same provenance (the drugs of one
    /// regimen row) is one row.
    public private(set) var rows = 0
    /// Bytes of encoded copies held in memory before they are spilled (~4 bytes a CSV copy).
    private let heldBytes: Int

    private var held = ByteWriter()
    private var spill: CopySpill?
    private let spillDirectory: String?
    /// Segments of the spill file, in order; then `held`.
    private var spilled: [(offset: Int, count: Int)] = []
    /// The files copies came from (a copy names its file by index).
    private var files: [String] = []
    private var last = (line: 0, position: 0)
    private var lastRow: Provenance?

    public init(spillDirectory: String?, heldBytes: Int = 64 << 10) {
        self.spillDirectory = spillDirectory
        self.heldBytes = max(1, heldBytes)
    }

    /// Adds a row that has copies; returns its index for `add(copyOf:…)`.
    public mutating func addOriginal(_ row: Row) -> Int {
        originals.append(row)
        return originals.count - 1
    }

    /// Lists a copy of `originals[original]` (in row order).
    public mutating func add(copyOf original: Int, at provenance: Provenance, position: Int) {
        let file: Int
        if let i = files.lastIndex(of: provenance.file) { file = i } else { files.append(provenance.file); file = files.count - 1 }
        held.varint(UInt64(original))
        held.varint(UInt64(file))
        held.int(provenance.line - last.line)
        held.optString(provenance.xmlPath)
        held.varint(UInt64(position - last.position))
        last = (provenance.line, position)
        count += 1
        if provenance != lastRow { rows += 1 }
        lastRow = provenance
        if held.bytes.count >= heldBytes { spillHeld() }
    }

    /// Moves the held bytes to the spill file; if it cannot be created or written, they stay.
    private mutating func spillHeld() {
        if spill == nil, let spillDirectory { spill = CopySpill(directory: spillDirectory) }
        guard let spill, let offset = spill.file.append(held.bytes) else { return }
        spilled.append((offset, held.bytes.count))
        held.bytes.removeAll(keepingCapacity: true)
    }

    /// Every copy in row order, read back a segment at a time.
    public func forEach(_ body: (RowCopy) -> Void) {
        var state = (line: 0, position: 0)
        func read(_ bytes: UnsafeRawBufferPointer) {
            var r = ByteReader(bytes)
            while !r.atEnd {
                let original = Int(r.varint())
                let file = files[Int(r.varint())]
                state.line += r.int()
                let path = r.optString()
                state.position += Int(r.varint())
                body(RowCopy(original: original, provenance: Provenance(file: file, line: state.line, xmlPath: path),
                             position: state.position))
            }
        }
        var buffer: [UInt8] = []
        for segment in spilled {
            precondition(spill!.file.read(offset: segment.offset, count: segment.count, into: &buffer),
                         "mmpipe: the temporary file of repeated rows could not be read back")
            buffer.withUnsafeBytes(read)
        }
        held.bytes.withUnsafeBytes(read)
    }
}

/// The spill file of a `CopyList` (one owner at a time: the worker that reads the partition,
/// then the thread that reports the copies).
final class CopySpill: @unchecked Sendable {
    let file: SpillFile
    init?(directory: String) {
        guard let file = SpillFile(directory: directory) else { return nil }
        self.file = file
    }
}
