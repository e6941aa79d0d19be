import Foundation

import MMModel

/// The column names of a source table, shared by all rows read from it (one allocation per
/// file, not per row). Names are kept as written; `index(of:)` matches case-insensitively
/// after trimming.
public final class ColumnHeader: Sendable {
    public let names: [String]
    private let lookup: [String: Int]

    public init(names: [String]) {
        self.names = names
        var lookup: [String: Int] = [:]
        for (i, n) in names.enumerated() {
            let k = ColumnHeader.normalize(n)
            if lookup[k] == nil { lookup[k] = i }
        }
        self.lookup = lookup
    }

    /// Lower-cased, trimmed name used for matching.
    public static func normalize(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    public func index(of name: String) -> Int? { lookup[ColumnHeader.normalize(name)] }
}

/// One record of a source file before mapping (SPEC 2, ingest): the raw field bytes, already
/// decoded to UTF-8, with the table it belongs to and its provenance. Fields live in one
/// contiguous byte buffer so that the hot path allocates once per row, not once per field.
public struct RawRow: Sendable {
    /// Table name as detected: the CSV file's name, or the ODM ItemGroupOID (`IG.LABS` → `labs`).
    public var table: String
    public var header: ColumnHeader
    /// UTF-8 bytes of all fields, back to back.
    public var bytes: [UInt8]
    /// End offset of each field in `bytes` (field i = bytes[ends[i-1]..<ends[i]]).
    public var ends: [Int32]
    public var provenance: Provenance
    /// ODM only: `SiteRef/@LocationOID` and `SubjectData/@SubjectKey` of the enclosing subject.
    public var site: String?
    public var subject: String?

    public init(table: String, header: ColumnHeader, bytes: [UInt8], ends: [Int32], provenance: Provenance,
                site: String? = nil, subject: String? = nil) {
        self.table = table
        self.header = header
        self.bytes = bytes
        self.ends = ends
        self.provenance = provenance
        self.site = site
        self.subject = subject
    }

    public var fieldCount: Int { ends.count }

    /// Bytes of field `i` (empty when out of range).
    public func fieldBytes(_ i: Int) -> ArraySlice<UInt8> {
        guard i >= 0, i < ends.count else { return [] }
        let start = i == 0 ? 0 : Int(ends[i - 1])
        return bytes[start..<Int(ends[i])]
    }

    /// Field `i` as a String (for codes and text; numbers and dates are parsed from bytes).
    public func string(_ i: Int) -> String {
        String(decoding: fieldBytes(i), as: UTF8.self)
    }

    /// Field named `name` as a String, nil when the column is absent.
    public func string(named name: String) -> String? {
        header.index(of: name).map { string($0) }
    }
}
