import MMModel

/// A sorted run written to a `SpillFile` as length-prefixed records (`varint` byte count, then
/// the record's `ByteWriter` bytes), read back a block at a time (SPEC 8: what is merged from
/// disk is never held whole). `FindingStore` and `KeyMapStore` spill their runs this way.
struct SpilledRun {
    let file: SpillFile
    var offset: Int
    var remaining: Int
    /// Bytes read at a time: a merge holds one block per run.
    let blockBytes: Int
    var block: [UInt8] = []
    var at = 0

    init(file: SpillFile, offset: Int, count: Int, blockBytes: Int) {
        self.file = file
        self.offset = offset
        self.blockBytes = blockBytes
        remaining = count
    }

    /// Appends one record (`body`'s bytes) in the run's framing.
    static func frame(_ body: ByteWriter, into w: inout ByteWriter) {
        w.varint(UInt64(body.bytes.count))
        w.bytes.append(contentsOf: body.bytes)
    }

    /// Makes at least `n` bytes available from `at`; false at the end of the run.
    private mutating func ensure(_ n: Int) -> Bool {
        if block.count - at >= n { return true }
        let want = min(remaining, max(n - (block.count - at), blockBytes))
        guard want > 0 else { return false }
        var more: [UInt8] = []
        guard file.read(offset: offset, count: want, into: &more) else {
            preconditionFailure("mmpipe: a temporary file of the run could not be read back")
        }
        block = Array(block[at...]) + more
        at = 0
        offset += want
        remaining -= want
        return block.count >= n
    }

    /// The next record, decoded by `decode` from its bytes; nil at the end of the run.
    mutating func next<T>(_ decode: (inout ByteReader) -> T) -> T? {
        guard ensure(1) else { return nil }
        _ = ensure(10)  // the length prefix: at most 10 bytes
        let length: Int = block.withUnsafeBytes { raw in
            var r = ByteReader(UnsafeRawBufferPointer(rebasing: raw[at...]))
            let n = Int(r.varint())
            return n + r.at
        }
        guard ensure(length) else { return nil }
        return block.withUnsafeBytes { raw in
            var r = ByteReader(UnsafeRawBufferPointer(rebasing: raw[at..<at + length]))
            _ = r.varint()
            at += length
            return decode(&r)
        }
    }
}
