import Foundation
import MMModel

/// How a source names its table (SPEC 4.1: one CSV file per table, named after it; SPEC 4.2:
/// the ODM `ItemGroupOID` `IG.<TABLE>`). Names that are not reference tables are passed on
/// lower-cased, for the Map stage (and other layouts' pipeline files) to decide.
public enum TableNaming {
    /// Reference table names, longest first so that a suffix match picks the most specific.
    static let reference: [String] = TableName.allCases.map(\.rawValue).sorted { $0.count > $1.count }

    /// The table of a CSV file: its lower-cased stem when that is a reference table, or a
    /// reference table that ends the stem after `_`, `-` or `.` (`site03_labs.csv` → `labs`);
    /// otherwise the lower-cased stem itself.
    public static func table(forFile path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension.lowercased()
        for table in reference {
            if stem == table { return table }
            if stem.hasSuffix(table) {
                let before = stem.dropLast(table.count).last
                if before == "_" || before == "-" || before == "." { return table }
            }
        }
        return stem
    }

    /// The table of an ODM `ItemGroupOID`: `IG.` stripped, lower-cased (`IG.LABS` → `labs`).
    public static func table(forItemGroupOID oid: String) -> String {
        var s = Substring(oid)
        if s.count > 3, s.prefix(3).uppercased() == "IG." { s = s.dropFirst(3) }
        return s.lowercased()
    }

    /// The column of an ODM `ItemOID`: `IT.<COLUMN>` → `<column>`; other OIDs as written.
    public static func column(forItemOID oid: String) -> String {
        if oid.count > 3, oid.prefix(3).uppercased() == "IT." { return oid.dropFirst(3).lowercased() }
        return oid
    }
}
